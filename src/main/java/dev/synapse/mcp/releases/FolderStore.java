package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A plugin store that is a folder on this machine (or a mounted share). */
record FolderStore(Path root) implements PluginStore {
  private static final Logger LOG = LoggerFactory.getLogger(FolderStore.class);

  @Override
  public Fetched fetch(ReleaseRef ref, Path target, long maxBytes) {
    if (!Files.isDirectory(root)) {
      LOG.error("the plugin store folder {} does not exist", root);
      throw new UnavailableException("the plugin store is unavailable; the server log says why");
    }
    Path zip = root.resolve(ref.code()).resolve(ref.version() + ".zip");
    if (!Files.isRegularFile(zip)) {
      throw new NotFoundException("release " + ref + " is not in the plugin store");
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
      LOG.error("cannot read {} from the plugin store: {}", zip, e.toString());
      throw new UnavailableException(
          "cannot read release " + ref + " from the plugin store; the server log says why");
    }
  }

  @Override
  public String location() {
    return root.toString();
  }
}
