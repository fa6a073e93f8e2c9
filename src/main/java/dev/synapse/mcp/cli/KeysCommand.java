package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.io.PrintStream;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code keys create|list|revoke}: work on the database file directly; the server may be running.
 */
final class KeysCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp keys create --name NAME [--roles r1,r2] [--db FILE]
               synapse-mcp keys list [--db FILE]
               synapse-mcp keys revoke NAME [--db FILE]

          create   makes an agent NAME (if new) and a key for it; prints only the key (syn_...) on stdout.
                   Roles: session, run, release, admin (admin implies all). Default: session,run,release.
          list     agent, key prefix, roles, created, revoked (never the key)
          revoke   revokes every live key of agent NAME
          --db FILE  SQLite file (SYNAPSE_DB, default $SYNAPSE_HOME/synapse.db)
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    var cl = CommandLine.parse(args, Set.of("name", "roles", "db", "home"), Set.of());
    if (cl.help() || cl.positionals().isEmpty()) {
      out.print(usage());
      return cl.help() ? 0 : 2;
    }
    String action = cl.positionals().get(0);
    try (Database db = Databases.open(env, cl)) {
      var keys = new KeyService(SqliteStores.on(db).keys(), Clock.systemUTC());
      var audit =
          new AuditLog(
              SqliteStores.on(db).audit(),
              Clock.systemUTC(),
              Databases.config(env, cl).auditRetentionDays());
      var operator = new Agent(-1, "cli", EnumSet.of(Role.ADMIN));
      switch (action) {
        case "create" -> {
          String name = cl.flag("name");
          if (name == null) {
            err.println("synapse-mcp: keys create needs --name NAME");
            return 2;
          }
          String roles = cl.flag("roles");
          String key;
          try {
            key =
                keys.create(
                    name, roles == null ? KeyService.DEFAULT_ROLES : KeyService.parseRoles(roles));
          } catch (RuntimeException e) {
            audit.record(
                operator, "keys create", name, "error: " + e.getMessage(), Databases.client());
            throw e;
          }
          audit.record(
              operator,
              "keys create",
              name + " (" + key.substring(0, 12) + ")",
              "ok",
              Databases.client());
          out.println(key);
        }
        case "list" -> {
          out.printf(
              "%-24s %-14s %-28s %-25s %s%n", "AGENT", "PREFIX", "ROLES", "CREATED", "REVOKED");
          for (var k : keys.list()) {
            out.printf(
                "%-24s %-14s %-28s %-25s %s%n",
                k.agent(),
                k.prefix() + "…",
                String.join(",", k.roles()),
                k.createdAt(),
                k.revokedAt() == null ? "-" : k.revokedAt());
          }
        }
        case "revoke" -> {
          if (cl.positionals().size() != 2) {
            err.println("synapse-mcp: keys revoke needs the agent NAME");
            return 2;
          }
          int n = keys.revoke(cl.positionals().get(1));
          audit.record(
              operator,
              "keys revoke",
              cl.positionals().get(1),
              n == 0 ? "error: no live keys" : "ok (" + n + " key(s))",
              Databases.client());
          if (n == 0) {
            err.println("synapse-mcp: agent '" + cl.positionals().get(1) + "' has no live keys");
            return 1;
          }
          out.println("revoked " + n + " key(s) of " + cl.positionals().get(1));
        }
        default -> {
          err.println(
              "synapse-mcp: unknown keys action '" + action + "'; use create, list or revoke");
          return 2;
        }
      }
    }
    return 0;
  }
}
