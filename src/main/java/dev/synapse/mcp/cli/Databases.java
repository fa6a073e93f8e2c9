package dev.synapse.mcp.cli;

import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.store.Database;
import java.util.HashMap;
import java.util.Map;

/** Opens the database a command names, resolved exactly as {@code serve} would resolve it. */
final class Databases {
  private Databases() {}

  static Database open(Map<String, String> env, CommandLine cl) {
    Map<String, String> flags = new HashMap<>();
    if (cl.flag("db") != null) {
      flags.put("db", cl.flag("db"));
    }
    if (cl.flag("home") != null) {
      flags.put("home", cl.flag("home"));
    }
    return Database.open(ServerConfig.resolve(env, flags).db(), 1);
  }
}
