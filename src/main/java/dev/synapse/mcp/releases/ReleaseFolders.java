package dev.synapse.mcp.releases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache on disk: {@code releases/<code>@<version>/} for each release, and dot-named work
 * folders beside them (same file system, so publishing is one atomic rename and a reader never sees
 * a half-unpacked release).
 */
final class ReleaseFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseFolders.class);
  private final Path root;

  ReleaseFolders(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path folder(ReleaseRef ref) {
    return root.resolve(ref.code() + "@" + ref.version());
  }

  /** A fresh private work folder for fetching and unpacking one release. */
  Path newWork(ReleaseRef ref) throws IOException {
    Files.createDirectories(root);
    return Files.createDirectory(root.resolve(".tmp-" + ref + "-" + UUID.randomUUID()));
  }

  void publish(Path unpacked, ReleaseRef ref) throws IOException {
    Files.move(unpacked, folder(ref), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Takes the folder out of sight in one rename, then deletes it. */
  void remove(ReleaseRef ref) {
    Path folder = folder(ref);
    if (!Files.exists(folder)) {
      return;
    }
    Path trash = root.resolve(".trash-" + ref + "-" + UUID.randomUUID());
    try {
      Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
    }
    deleteQuietly(trash);
  }

  /** Work folders a crash left behind; recent ones may belong to a fetch still in progress. */
  void sweep(Duration olderThan) {
    if (!Files.isDirectory(root)) {
      return;
    }
    Instant cutoff = Instant.now().minus(olderThan);
    try (Stream<Path> list = Files.list(root)) {
      list.filter(p -> p.getFileName().toString().startsWith("."))
          .filter(p -> modifiedBefore(p, cutoff))
          .forEach(ReleaseFolders::deleteQuietly);
    } catch (IOException e) {
      LOG.warn("cannot sweep {}: {}", root, e.getMessage());
    }
  }

  static boolean modifiedBefore(Path p, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
