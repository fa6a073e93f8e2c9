package dev.synapse.mcp.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 440 version specifier as plugins write it for {@code requires.python} ({@code >=3.12},
 * {@code >=3.10,<3.13}, {@code ==3.12.*}, {@code ~=3.11}), matched against release numbers.
 */
public record PythonSpecifier(String text, List<Clause> clauses) {
  private static final Pattern CLAUSE =
      Pattern.compile("\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([0-9]+(?:\\.[0-9]+)*)(\\.\\*)?\\s*");

  record Clause(String op, int[] version, boolean wildcard) {}

  public static PythonSpecifier parse(String text) throws EnvironmentException {
    List<Clause> out = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = CLAUSE.matcher(part);
      if (!m.matches()) {
        throw new EnvironmentException(
            "requires.python '" + text + "' is not a version specifier such as '>=3.12'");
      }
      boolean wildcard = m.group(3) != null;
      if (wildcard && !m.group(1).equals("==") && !m.group(1).equals("!=")) {
        throw new EnvironmentException(
            "requires.python '" + text + "': '.*' is allowed only after == or !=");
      }
      out.add(new Clause(m.group(1), numbers(m.group(2)), wildcard));
    }
    return new PythonSpecifier(text.strip(), List.copyOf(out));
  }

  public boolean matches(String version) {
    int[] v = numbers(version);
    for (Clause c : clauses) {
      if (!matches(c, v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Clause c, int[] v) {
    int cmp = compare(v, c.version());
    return switch (c.op()) {
      case "==", "===" -> c.wildcard() ? prefix(v, c.version()) : cmp == 0;
      case "!=" -> c.wildcard() ? !prefix(v, c.version()) : cmp != 0;
      case ">=" -> cmp >= 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      case "<" -> cmp < 0;
      default -> // ~=X.Y means >=X.Y and ==X.*
          cmp >= 0
              && prefix(
                  v, java.util.Arrays.copyOf(c.version(), Math.max(1, c.version().length - 1)));
    };
  }

  private static boolean prefix(int[] v, int[] p) {
    for (int i = 0; i < p.length; i++) {
      if ((i < v.length ? v[i] : 0) != p[i]) {
        return false;
      }
    }
    return true;
  }

  static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? a[i] : 0;
      int y = i < b.length ? b[i] : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }

  static int[] numbers(String version) {
    String[] parts = version.strip().split("\\.");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] =
          Integer.parseInt(
              parts[i].replaceAll("[^0-9].*$", "").isEmpty()
                  ? "0"
                  : parts[i].replaceAll("[^0-9].*$", ""));
    }
    return out;
  }
}
