package dev.synapse.mcp.releases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .synapseignore}, read the way git reads {@code .gitignore}: {@code #} comments, {@code !}
 * re-includes, a trailing {@code /} matches folders only, a pattern with an inner or leading {@code
 * /} is anchored at the plugin folder (else it matches a name at any depth), {@code *}, {@code ?},
 * {@code [..]} and {@code **}; the last matching line wins.
 */
final class IgnoreRules {
  static final IgnoreRules NONE = new IgnoreRules(List.of());

  private record Rule(Pattern pattern, boolean negate, boolean dirOnly, boolean anchored) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  static IgnoreRules read(Path dir) throws IOException {
    Path file = dir.resolve(".synapseignore");
    return Files.isRegularFile(file) ? parse(Files.readAllLines(file)) : NONE;
  }

  static IgnoreRules parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.stripTrailing();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negate = line.startsWith("!");
      if (negate || line.startsWith("\\!") || line.startsWith("\\#")) {
        line = line.substring(1);
      }
      boolean dirOnly = line.endsWith("/");
      if (dirOnly) {
        line = line.substring(0, line.length() - 1);
      }
      boolean anchored = line.contains("/");
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      if (!line.isEmpty()) {
        rules.add(new Rule(Pattern.compile(regex(line)), negate, dirOnly, anchored));
      }
    }
    return new IgnoreRules(List.copyOf(rules));
  }

  /** {@code rel} is '/'-separated and relative to the plugin folder. */
  boolean ignored(String rel, boolean isDir) {
    String name = rel.substring(rel.lastIndexOf('/') + 1);
    boolean ignored = false;
    for (Rule r : rules) {
      if (r.dirOnly() && !isDir) {
        continue;
      }
      if (r.pattern().matcher(r.anchored() ? rel : name).matches()) {
        ignored = !r.negate();
      }
    }
    return ignored;
  }

  private static String regex(String glob) {
    var out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (glob.startsWith("**/", i)) {
        out.append("(?:.*/)?");
        i += 2;
      } else if (glob.startsWith("/**", i) && i + 3 == glob.length()) {
        out.append("(?:/.*)?");
        i += 2;
      } else if (glob.startsWith("**", i)) {
        out.append(".*");
        i += 1;
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
        int end = glob.indexOf(']', i + 1);
        String set = glob.substring(i + 1, end).replace("\\", "\\\\");
        out.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
        i = end;
      } else if (c == '\\' && i + 1 < glob.length()) {
        out.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }
}
