package dev.synapse.mcp.cli;

import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.store.Database;
import java.util.Map;

/** Opens the database a command names, resolved exactly as {@code serve} would resolve it. */
final class Databases {
  private Databases() {}

  static Database open(Map<String, String> env, Options.Db db) {
    return Database.open(config(env, db).db(), 1);
  }

  static ServerConfig config(Map<String, String> env, Options.Db db) {
    return ServerConfig.resolve(env, db.flags());
  }

  /** Who a command line acts as, in the audit trail. */
  static String client() {
    return "cli:" + System.getProperty("user.name", "?");
  }
}
