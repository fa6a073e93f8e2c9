package dev.synapse.mcp.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One CLI command. */
interface Command {
  /** Full usage text shown by {@code --help}. */
  String usage();

  /** Runs with the arguments after the command's name; returns the exit code. */
  int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws Exception;
}
