package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.DiscoveredPlugin;
import dev.synapse.mcp.plugins.PluginDiscovery;
import dev.synapse.mcp.plugins.PluginManifest;
import dev.synapse.mcp.releases.ZipDirectory.BadArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fetches one release into a private work folder, checks it (checksum, safe unpack, manifest naming
 * the same code and version) and only then publishes it with one rename. Whatever fails, the work
 * folder is deleted: nothing half-made is ever left or visible.
 */
final class ReleaseInstaller {
  private final ReleaseFolders folders;
  private final ArchiveLimits limits;

  ReleaseInstaller(ReleaseFolders folders, ArchiveLimits limits) {
    this.folders = folders;
    this.limits = limits;
  }

  /** What was installed, for the release's row. */
  record Installed(String source, String sha256, long size, PluginManifest manifest) {}

  Installed install(PluginStore store, ReleaseRef ref) throws IOException {
    Path work = folders.newWork(ref);
    try {
      Path zip = work.resolve("release.zip");
      PluginStore.Fetched fetched = store.fetch(ref, zip, limits.maxBytes());
      String sha256 = Sha256.of(zip);
      if (fetched.expectedSha256() != null && !fetched.expectedSha256().equals(sha256)) {
        throw new InvalidInputException(
            "the archive of "
                + ref
                + " does not match its published checksum (expected "
                + fetched.expectedSha256()
                + ", got "
                + sha256
                + "): the store holds a corrupt or tampered file");
      }
      Path files = work.resolve("files");
      Files.createDirectory(files);
      try {
        ReleaseArchive.unpack(zip, files, limits);
      } catch (BadArchive e) {
        throw new InvalidInputException(
            "the archive of " + ref + " was refused: " + e.getMessage());
      }
      Path pluginDir = pluginRoot(files, ref);
      PluginManifest manifest = validate(pluginDir, ref);
      folders.publish(pluginDir, ref);
      return new Installed(fetched.source(), sha256, Files.size(zip), manifest);
    } finally {
      ReleaseFolders.deleteQuietly(work);
    }
  }

  /** config.yaml at the top, or inside the archive's single top-level folder. */
  private static Path pluginRoot(Path files, ReleaseRef ref) throws IOException {
    if (Files.isRegularFile(files.resolve("config.yaml"))) {
      return files;
    }
    try (Stream<Path> top = Files.list(files)) {
      List<Path> entries = top.toList();
      if (entries.size() == 1
          && Files.isDirectory(entries.get(0))
          && Files.isRegularFile(entries.get(0).resolve("config.yaml"))) {
        return entries.get(0);
      }
    }
    throw new InvalidInputException(
        "the archive of " + ref + " has no config.yaml at its top (is it a Synapse plugin?)");
  }

  private static PluginManifest validate(Path dir, ReleaseRef ref) {
    DiscoveredPlugin found = new PluginDiscovery(List.of()).read(dir);
    if (!found.ok()) {
      throw new InvalidInputException(
          "the archive of " + ref + " holds a broken config.yaml: " + found.error());
    }
    PluginManifest m = found.manifest();
    if (!m.code().equals(ref.code()) || !m.version().equals(ref.version())) {
      throw new InvalidInputException(
          "the archive of "
              + ref
              + " holds plugin "
              + m.ref()
              + " (config.yaml must name the same code and version)");
    }
    return m;
  }
}
