package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where releases are fetched from (SYNAPSE_PLUGIN_STORE): a folder or an http(s) base URL, laid out
 * as {@code <code>/<version>.zip} with an optional {@code <code>/<version>.zip.sha256} beside it.
 */
sealed interface PluginStore permits FolderStore, HttpStore {

  /** What a fetch brought: where it came from, and the checksum the store published, if any. */
  record Fetched(String source, String expectedSha256) {}

  /**
   * Copies the release's archive to {@code target} (at most {@code maxBytes}); throws NotFound when
   * the store has no such release and Unavailable when the store cannot be read.
   */
  Fetched fetch(ReleaseRef ref, Path target, long maxBytes);

  String location();

  static PluginStore of(String location, Duration timeout) {
    if (location == null || location.isBlank()) {
      return null;
    }
    String lower = location.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new HttpStore(location.trim(), timeout);
    }
    if (lower.startsWith("file://")) {
      return new FolderStore(Path.of(java.net.URI.create(location.trim())));
    }
    if (lower.contains("://")) {
      throw new InvalidInputException(
          "SYNAPSE_PLUGIN_STORE must be a folder or an http(s) URL; got " + location);
    }
    return new FolderStore(Path.of(location.trim()));
  }

  /** Copies a stream to a file, refusing to write more than {@code maxBytes}. */
  static long copyCapped(InputStream in, Path target, long maxBytes, String what)
      throws IOException {
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new InvalidInputException(
              what + " is larger than the " + maxBytes + "-byte cap (SYNAPSE_RELEASE_MAX_BYTES)");
        }
        out.write(buf, 0, n);
      }
    }
    return total;
  }

  /** The first word of a {@code .sha256} file ({@code sha256sum} writes "HASH name"). */
  static String parseChecksum(String text, String where) {
    String word = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (!word.matches("[0-9a-f]{64}")) {
      throw new UnavailableException(where + " does not hold a SHA-256 checksum");
    }
    return word;
  }
}
