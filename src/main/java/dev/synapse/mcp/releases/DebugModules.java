package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidFieldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code modules} of a debug run: a map of dotted module name to source (v2 clients), or a list
 * of module paths (the v1 CLI); paths must lie under a plugin root, like plugin paths.
 */
final class DebugModules {
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private final List<Path> roots;

  DebugModules(List<Path> roots) {
    this.roots = roots;
  }

  /** One change to a private copy. */
  sealed interface Change permits Source, Folder {
    void writeInto(Path copy) throws IOException;
  }

  /** Replaces or adds module {@code name} (a package's {@code __init__.py} if it is a package). */
  record Source(String name, String code) implements Change {
    @Override
    public void writeInto(Path copy) throws IOException {
      Path dir = copy;
      String[] parts = name.split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        dir = dir.resolve(parts[i]);
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          Files.writeString(dir.resolve("__init__.py"), "");
        }
      }
      String last = parts[parts.length - 1];
      Path target =
          Files.isDirectory(dir.resolve(last))
              ? dir.resolve(last).resolve("__init__.py")
              : dir.resolve(last + ".py");
      Files.writeString(target, code);
    }
  }

  /** A module file or package folder, copied to the top of the copy (importable by its name). */
  record Folder(Path path) implements Change {
    @Override
    public void writeInto(Path copy) throws IOException {
      Path target = copy.resolve(path.getFileName().toString());
      if (Files.isDirectory(path)) {
        ReleaseFolders.deleteQuietly(target);
        SourceTree.copy(path, target, IgnoreRules.NONE);
      } else {
        Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  List<Change> parse(Object spec) {
    List<Change> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    if (spec instanceof Map<?, ?> map) {
      for (var e : map.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!DOTTED.matcher(name).matches()) {
          throw new InvalidFieldException(
              "modules", "module name '" + name + "' is not a dotted Python module name");
        }
        if (!(e.getValue() instanceof String code)) {
          throw new InvalidFieldException(
              "modules", "modules['" + name + "'] must be the module's source code (a string)");
        }
        out.add(new Source(name, code));
      }
    } else if (spec instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s) || s.isBlank()) {
          throw new InvalidFieldException("modules", "a modules list must hold module paths");
        }
        out.add(new Folder(confined(s)));
      }
    } else {
      throw new InvalidFieldException(
          "modules", "modules must map module names to source, or list module paths");
    }
    return out;
  }

  private Path confined(String text) {
    Path real;
    try {
      real = Path.of(text).toRealPath();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw outside(text);
    }
    for (Path root : roots) {
      try {
        if (real.startsWith(root.toRealPath())) {
          return real;
        }
      } catch (IOException ignored) {
        // a missing root confines nothing
      }
    }
    throw outside(text);
  }

  /** One answer whether or not the path exists: errors never tell what is on the server's disk. */
  private static InvalidFieldException outside(String text) {
    return new InvalidFieldException(
        "modules", "module path '" + text + "' does not exist or is outside the plugin roots");
  }
}
