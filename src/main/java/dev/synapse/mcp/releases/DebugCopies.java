package dev.synapse.mcp.releases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.synapse.mcp.errors.InvalidFieldException;
import dev.synapse.mcp.plugins.DiscoveredPlugin;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Private copies of a plugin's source folder for debug runs, under {@code $SYNAPSE_HOME/debug/}:
 * config overrides and module overrides are written only there, never into the source folder.
 */
final class DebugCopies {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Path root;
  private final ObjectMapper json;
  private final DebugModules modules;

  DebugCopies(Path root, ObjectMapper json, List<Path> pluginRoots) {
    this.root = root.toAbsolutePath().normalize();
    this.json = json;
    this.modules = new DebugModules(pluginRoots);
  }

  /**
   * The plugin to run: the source itself when nothing is overridden, else a private copy with the
   * overrides applied.
   */
  Plugin prepare(Plugin source, Map<String, Object> config, Object moduleSpec) throws IOException {
    List<DebugModules.Change> overrides = modules.parse(moduleSpec);
    if (config == null && overrides.isEmpty()) {
      return source;
    }
    Files.createDirectories(root);
    Path copy = root.resolve(source.code() + "-" + UUID.randomUUID().toString().substring(0, 13));
    try {
      // what a release of it would hold: .synapseignore and the usual folders stay out
      SourceTree.copy(source.dir(), copy, IgnoreRules.read(source.dir()));
      for (DebugModules.Change o : overrides) {
        o.writeInto(copy);
      }
      if (config != null) {
        ObjectNode merged = source.manifest().config().deepCopy();
        merge(merged, json.valueToTree(config));
        Files.writeString(copy.resolve("config.yaml"), YAML.writeValueAsString(merged));
      }
      DiscoveredPlugin d = new PluginDiscovery(List.of()).read(copy);
      if (!d.ok()) {
        throw new InvalidFieldException("config", "the merged config is invalid: " + d.error());
      }
      return d.plugin();
    } catch (IOException | RuntimeException e) {
      ReleaseFolders.deleteQuietly(copy);
      throw e;
    }
  }

  /** Copies older than {@code age} whose runs are over. */
  void sweep(Duration age, Predicate<Path> busy) {
    if (!Files.isDirectory(root)) {
      return;
    }
    Instant cutoff = Instant.now().minus(age);
    try (Stream<Path> list = Files.list(root)) {
      list.filter(p -> ReleaseFolders.modifiedBefore(p, cutoff))
          .filter(busy.negate())
          .forEach(ReleaseFolders::deleteQuietly);
    } catch (IOException ignored) {
      // nothing to sweep yet
    }
  }

  void discard(Plugin plugin) {
    if (plugin.dir().startsWith(root)) {
      ReleaseFolders.deleteQuietly(plugin.dir());
    }
  }

  /** Maps merge key by key; anything else in {@code over} replaces what is in {@code base}. */
  private static void merge(ObjectNode base, JsonNode over) {
    over.fields()
        .forEachRemaining(
            e -> {
              JsonNode mine = base.get(e.getKey());
              if (mine instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
              } else {
                base.set(e.getKey(), e.getValue());
              }
            });
  }
}
