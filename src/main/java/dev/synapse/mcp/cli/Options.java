package dev.synapse.mcp.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by several commands, mixed in with {@code @Mixin}. */
final class Options {
  private Options() {}

  /** {@code -h/--help} on every command and subcommand. */
  static final class Help {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;
  }

  /** The database a command works on, resolved exactly as {@code serve} resolves it. */
  static final class Db {
    @Option(
        names = "--db",
        paramLabel = "FILE",
        description = "SQLite file (SYNAPSE_DB, default $SYNAPSE_HOME/synapse.db).")
    String db;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "State folder (SYNAPSE_HOME, default ~/.synapse).")
    String home;

    /** The given options as {@code ServerConfig} flags. */
    Map<String, String> flags() {
      Map<String, String> flags = new HashMap<>();
      if (db != null) {
        flags.put("db", db);
      }
      if (home != null) {
        flags.put("home", home);
      }
      return flags;
    }
  }
}
