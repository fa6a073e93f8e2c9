package dev.synapse.mcp.cli;

import dev.synapse.mcp.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed arguments of one command: {@code --flag value}, {@code --flag=value}, switches,
 * positionals.
 */
record CommandLine(List<String> positionals, Map<String, String> flags) {

  /**
   * @param valued flags that take a value
   * @param switches flags that take none
   */
  static CommandLine parse(List<String> args, Set<String> valued, Set<String> switches) {
    List<String> positionals = new ArrayList<>();
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--help")) {
        flags.put("help", "");
      } else if (arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (switches.contains(name)) {
          flags.put(name, "");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new InvalidInputException("--" + name + " needs a value");
            }
            value = args.get(++i);
          }
          flags.put(name, value);
        } else {
          throw new InvalidInputException("unknown option --" + name + " (see --help)");
        }
      } else {
        positionals.add(arg);
      }
    }
    return new CommandLine(List.copyOf(positionals), flags);
  }

  boolean help() {
    return flags.containsKey("help");
  }

  String flag(String name) {
    return flags.get(name);
  }

  /** A whole-number flag, or {@code fallback} when it is absent. */
  Integer intFlag(String name, Integer fallback) {
    String v = flags.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("--" + name + " must be a whole number; got '" + v + "'");
    }
  }
}
