package dev.synapse.mcp.cli;

import java.io.PrintStream;
import java.util.Map;

/** What a command reads and writes: the environment and the two output streams. */
record Io(Map<String, String> env, PrintStream out, PrintStream err) {}
