package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.io.PrintStream;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code sessions list}: every agent's sessions, read straight from the database. */
final class SessionsCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp sessions list [--status active|inactive|closed|open] [--agent NAME] [--limit N]
                                         [--db FILE]

          Lists sessions newest first: id, agent, name, status, last activity, heartbeats.
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    var cl = CommandLine.parse(args, Set.of("status", "agent", "limit", "db", "home"), Set.of());
    if (cl.help() || cl.positionals().isEmpty() || !cl.positionals().get(0).equals("list")) {
      out.print(usage());
      return cl.help() ? 0 : 2;
    }
    try (Database db = Databases.open(env, cl)) {
      var sessions = new SessionService(SqliteStores.on(db).sessions(), Clock.systemUTC());
      var operator = new Agent(-1, "cli", EnumSet.of(Role.ADMIN));
      String agent = cl.flag("agent") == null ? "*" : cl.flag("agent");
      Integer limit = cl.intFlag("limit", 100);
      var list = sessions.list(operator, cl.flag("status"), null, limit, agent);
      out.printf(
          "%-36s %-16s %-28s %-8s %-25s %s%n",
          "ID", "AGENT", "NAME", "STATUS", "LAST ACTIVE", "BEATS");
      for (var s : list) {
        out.printf(
            "%-36s %-16s %-28s %-8s %-25s %d%n",
            s.id(), s.agent(), s.name(), s.status().wire(), s.lastActiveAt(), s.heartbeats());
      }
      if (list.isEmpty()) {
        out.println("(no sessions)");
      }
    }
    return 0;
  }
}
