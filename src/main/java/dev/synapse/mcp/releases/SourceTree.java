package dev.synapse.mcp.releases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a plugin's source folder, as packing and debug copies see them: never the folders
 * Synapse's publish skips, and symlinks only when they point inside the folder (their target's
 * content is taken, so no link ever leaves the tree).
 */
final class SourceTree {
  static final Set<String> SKIPPED = Set.of(".git", ".venv", "__pycache__", "dist");

  private SourceTree() {}

  /** Regular files under {@code dir}, relative, '/'-separated, sorted; {@code keep} filters. */
  static List<String> files(Path dir, IgnoreRules keep) throws IOException {
    Path real = dir.toRealPath();
    List<String> out = new ArrayList<>();
    walk(real, real, keep, out);
    out.sort(null);
    return out;
  }

  static void copy(Path from, Path to, IgnoreRules keep) throws IOException {
    Path real = from.toRealPath();
    Files.createDirectories(to);
    for (String rel : files(real, keep)) {
      Path target = to.resolve(rel);
      Files.createDirectories(target.getParent());
      Files.copy(real.resolve(rel), target, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static void walk(Path root, Path dir, IgnoreRules keep, List<String> out)
      throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path child : children) {
      String name = child.getFileName().toString();
      String rel = root.relativize(child).toString().replace('\\', '/');
      boolean link = Files.isSymbolicLink(child);
      if (link && !child.toRealPath().startsWith(root)) {
        continue;
      }
      if (Files.isDirectory(child)) {
        // a linked folder is not entered: it could loop back on itself
        if (!SKIPPED.contains(name) && !link && !keep.ignored(rel, true)) {
          walk(root, child, keep, out);
        }
      } else if (Files.isRegularFile(child) && !keep.ignored(rel, false)) {
        out.add(rel);
      }
    }
  }
}
