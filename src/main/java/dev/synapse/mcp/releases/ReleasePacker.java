package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.DiscoveredPlugin;
import dev.synapse.mcp.plugins.PluginDiscovery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a release archive from a plugin folder, the way Synapse's publish does: every file except
 * what {@code .synapseignore} excludes and {@code .git}, {@code .venv}, {@code __pycache__}, {@code
 * dist}. Entries are sorted and timestamped alike, so the same sources give the same SHA-256.
 */
public final class ReleasePacker {
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private ReleasePacker() {}

  /** A written archive (with its {@code .sha256} beside it). */
  public record Packed(String code, String version, Path zip, String sha256, int files, long size) {
    public String ref() {
      return code + "@" + version;
    }
  }

  /** Packs into {@code <store>/<code>/<version>.zip}, the layout the server fetches from. */
  public static Packed packInto(Path pluginDir, Path store) throws IOException {
    DiscoveredPlugin d = manifest(pluginDir);
    var ref = new ReleaseRef(d.manifest().code(), d.manifest().version());
    return pack(pluginDir, store.resolve(ref.code()).resolve(ref.version() + ".zip"));
  }

  /** {@code <code>-<version>.zip} for the plugin in {@code pluginDir}. */
  public static String fileName(Path pluginDir) {
    DiscoveredPlugin d = manifest(pluginDir);
    return d.manifest().code() + "-" + d.manifest().version() + ".zip";
  }

  /** Packs into {@code zip}, written whole or not at all. */
  public static Packed pack(Path pluginDir, Path zip) throws IOException {
    DiscoveredPlugin d = manifest(pluginDir);
    List<String> files = SourceTree.files(pluginDir, IgnoreRules.read(pluginDir));
    if (!files.contains("config.yaml")) {
      throw new InvalidInputException(".synapseignore must not exclude config.yaml");
    }
    Path dir = zip.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".pack-", ".zip");
    try {
      try (OutputStream out = Files.newOutputStream(tmp);
          ZipOutputStream zos = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
        Path real = pluginDir.toRealPath();
        for (String rel : files) {
          ZipEntry entry = new ZipEntry(rel);
          entry.setTimeLocal(FIXED_TIME);
          zos.putNextEntry(entry);
          Files.copy(real.resolve(rel), zos);
          zos.closeEntry();
        }
      }
      String sha = Sha256.of(tmp);
      Path sum = zip.resolveSibling(zip.getFileName() + ".sha256");
      Files.writeString(sum, sha + "  " + zip.getFileName() + "\n");
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Packed(
          d.manifest().code(), d.manifest().version(), zip, sha, files.size(), Files.size(zip));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static DiscoveredPlugin manifest(Path pluginDir) {
    if (!Files.isRegularFile(pluginDir.resolve("config.yaml"))) {
      throw new InvalidInputException(pluginDir + " has no config.yaml: not a plugin folder");
    }
    DiscoveredPlugin d = new PluginDiscovery(List.of()).read(pluginDir.toAbsolutePath());
    if (!d.ok()) {
      throw new InvalidInputException("cannot pack " + pluginDir + ": " + d.error());
    }
    new ReleaseRef(d.manifest().code(), d.manifest().version());
    return d;
  }
}
