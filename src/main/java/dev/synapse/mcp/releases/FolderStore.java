package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A plugin store that is a folder on this machine (or a mounted share). */
record FolderStore(Path root) implements PluginStore {

  @Override
  public Fetched fetch(ReleaseRef ref, Path target, long maxBytes) {
    if (!Files.isDirectory(root)) {
      throw new UnavailableException("the plugin store folder " + root + " does not exist");
    }
    Path zip = root.resolve(ref.code()).resolve(ref.version() + ".zip");
    if (!Files.isRegularFile(zip)) {
      throw new NotFoundException(
          "release " + ref + " is not in the plugin store (" + zip + " does not exist)");
    }
    try {
      try (InputStream in = Files.newInputStream(zip)) {
        PluginStore.copyCapped(in, target, maxBytes, "the archive of " + ref);
      }
      Path sum = zip.resolveSibling(zip.getFileName() + ".sha256");
      String expected =
          Files.isRegularFile(sum)
              ? PluginStore.parseChecksum(Files.readString(sum), sum.toString())
              : null;
      return new Fetched(zip.toString(), expected);
    } catch (IOException e) {
      throw new UnavailableException(
          "cannot read " + zip + " from the plugin store: " + e.getMessage());
    }
  }

  @Override
  public String location() {
    return root.toString();
  }
}
