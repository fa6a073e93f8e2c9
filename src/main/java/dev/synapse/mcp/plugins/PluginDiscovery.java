package dev.synapse.mcp.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins under the configured roots (each root is a plugin folder or a folder of plugin
 * folders) and reads their manifests, re-reading a manifest only when its file changed. Imports
 * nothing: that is the runner's job.
 */
public final class PluginDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);
  private final List<Path> roots;
  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(FileTime modified, long size, DiscoveredPlugin found) {}

  public PluginDiscovery(List<Path> roots) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * Every plugin under the roots, each by its real path (symlinks resolved, as resolving a plugin
   * by path does); a symlinked plugin folder that leads outside its root is left out.
   */
  public List<DiscoveredPlugin> scan() {
    List<DiscoveredPlugin> out = new ArrayList<>();
    for (Path given : roots) {
      Path root = real(given);
      if (root == null) {
        LOG.warn("plugin root {} does not exist", given);
      } else if (Files.isRegularFile(root.resolve("config.yaml"))) {
        out.add(read(root));
      } else if (Files.isDirectory(root)) {
        try (Stream<Path> children = Files.list(root)) {
          children
              .filter(d -> Files.isRegularFile(d.resolve("config.yaml")))
              .map(PluginDiscovery::real)
              .filter(d -> d != null && inside(d, root, given))
              .sorted()
              .forEach(d -> out.add(read(d)));
        } catch (IOException e) {
          LOG.warn("cannot list plugin root {}: {}", given, e.getMessage());
        }
      } else {
        LOG.warn("plugin root {} is neither a plugin nor a folder of plugins", given);
      }
    }
    return out;
  }

  private static boolean inside(Path dir, Path root, Path given) {
    if (dir.startsWith(root)) {
      return true;
    }
    LOG.warn("plugin folder {} leads outside its root {}; left out", dir, given);
    return false;
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads one plugin folder (which must hold config.yaml), from cache when unchanged. */
  public DiscoveredPlugin read(Path dir) {
    Path file = dir.resolve("config.yaml");
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Cached hit = cache.get(dir);
      if (hit != null && hit.modified().equals(modified) && hit.size() == size) {
        return hit.found();
      }
      DiscoveredPlugin found = load(dir, file);
      cache.put(dir, new Cached(modified, size, found));
      return found;
    } catch (IOException e) {
      return new DiscoveredPlugin(
          dir, null, "cannot read config.yaml: " + e.getMessage(), Map.of());
    }
  }

  private static DiscoveredPlugin load(Path dir, Path file) {
    try {
      PluginManifest manifest = PluginManifest.read(file);
      return new DiscoveredPlugin(dir, manifest, null, missingModules(dir, manifest));
    } catch (ManifestException e) {
      return new DiscoveredPlugin(dir, null, e.getMessage(), Map.of());
    }
  }

  /**
   * Entrypoints whose top-level package lives in the plugin folder but whose module file does not.
   */
  private static Map<String, String> missingModules(Path dir, PluginManifest manifest) {
    Map<String, String> errors = new LinkedHashMap<>(manifest.actionErrors());
    for (ActionSpec a : manifest.actions().values()) {
      String[] parts = a.module().split("\\.");
      if (!Files.exists(dir.resolve(parts[0])) && !Files.exists(dir.resolve(parts[0] + ".py"))) {
        continue; // an installed package (e.g. synapse_sdk): only importing can tell
      }
      Path module = dir.resolve(String.join("/", parts));
      if (!Files.isRegularFile(Path.of(module + ".py"))
          && !Files.isRegularFile(module.resolve("__init__.py"))) {
        errors.put(
            a.name(), "entrypoint module '" + a.module() + "' not found in " + dir.getFileName());
      }
    }
    return errors;
  }
}
