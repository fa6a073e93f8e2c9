package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.Services;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code runs list|logs}: every agent's runs, straight from the database. */
final class RunsCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp runs list [--status S] [--plugin CODE] [--limit N] [--db FILE]
               synapse-mcp runs logs RUN_ID [--stream action|setup] [--tail N] [--db FILE]

          list   runs of every agent, newest first
          logs   a run's log: the action's output (default) or the environment install (setup)
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    var cl =
        CommandLine.parse(
            args, Set.of("status", "plugin", "limit", "stream", "tail", "db", "home"), Set.of());
    if (cl.help() || cl.positionals().isEmpty()) {
      out.print(usage());
      return cl.help() ? 0 : 2;
    }
    try (Services services =
        Services.open(ServerConfig.resolve(env, cl.flags()), Clock.systemUTC(), 1)) {
      Agent operator = services.keys.local("cli");
      switch (cl.positionals().get(0)) {
        case "list" -> {
          Integer limit = cl.intFlag("limit", 50);
          var runs =
              services.runs.list(operator, cl.flag("plugin"), cl.flag("status"), null, limit, "*");
          out.printf(
              "%-24s %-10s %-22s %-6s %-10s %-25s %s%n",
              "ID", "AGENT", "PLUGIN ACTION", "MODE", "STATUS", "CREATED", "ERROR");
          for (var r : runs) {
            out.printf(
                "%-24s %-10s %-22s %-6s %-10s %-25s %s%n",
                r.id(),
                r.agent(),
                r.plugin() + " " + r.action(),
                r.mode().wire(),
                r.status().wire(),
                r.createdAt(),
                r.error() == null ? "" : r.error());
          }
          if (runs.isEmpty()) {
            out.println("(no runs)");
          }
          return 0;
        }
        case "logs" -> {
          if (cl.positionals().size() != 2) {
            err.println("synapse-mcp: runs logs needs the RUN_ID");
            return 2;
          }
          Integer tail = cl.intFlag("tail", null);
          Integer since = 0;
          while (true) {
            var page =
                services.runs.logs(
                    operator, cl.positionals().get(1), cl.flag("stream"), tail, since, null);
            ((List<?>) page.get("lines")).forEach(out::println);
            if (tail != null || !Boolean.TRUE.equals(page.get("truncated"))) {
              return 0;
            }
            since = (Integer) page.get("next_since");
          }
        }
        default -> {
          err.println(
              "synapse-mcp: unknown runs action '"
                  + cl.positionals().get(0)
                  + "'; use list or logs");
          return 2;
        }
      }
    }
  }
}
