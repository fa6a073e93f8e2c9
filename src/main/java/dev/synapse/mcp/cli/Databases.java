package dev.synapse.mcp.cli;

import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.store.Database;
import java.util.HashMap;
import java.util.Map;

/** Opens the database a command names, resolved exactly as {@code serve} would resolve it. */
final class Databases {
  private Databases() {}

  static Database open(Map<String, String> env, CommandLine cl) {
    return Database.open(config(env, cl).db(), 1);
  }

  static ServerConfig config(Map<String, String> env, CommandLine cl) {
    Map<String, String> flags = new HashMap<>();
    if (cl.flag("db") != null) {
      flags.put("db", cl.flag("db"));
    }
    if (cl.flag("home") != null) {
      flags.put("home", cl.flag("home"));
    }
    return ServerConfig.resolve(env, flags);
  }

  /** Who a command line acts as, in the audit trail. */
  static String client() {
    return "cli:" + System.getProperty("user.name", "?");
  }
}
