package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.Services;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runs list|logs}: every agent's runs, straight from the database. */
@Command(
    name = "runs",
    description = "Runs of every agent and their logs.",
    synopsisSubcommandLabel = "(list | logs)",
    subcommands = {RunsCommand.List.class, RunsCommand.Logs.class})
final class RunsCommand extends Main.Group {
  RunsCommand(Io io) {
    super(io);
  }

  private static Services open(Io io, Options.Db db) {
    return Services.open(ServerConfig.resolve(io.env(), db.flags()), Clock.systemUTC(), 1);
  }

  @Command(name = "list", description = "Runs of every agent, newest first.")
  static final class List implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;

    @Option(names = "--status", paramLabel = "S", description = "Only runs in this state.")
    String status;

    @Option(names = "--plugin", paramLabel = "CODE", description = "Only this plugin's runs.")
    String plugin;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 50).")
    Integer limit = 50;

    private final Io io;

    List(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      try (Services services = open(io, db)) {
        Agent operator = services.keys.local("cli");
        var runs = services.runs.list(operator, plugin, status, null, limit, "*");
        io.out()
            .printf(
                "%-24s %-10s %-22s %-6s %-10s %-25s %s%n",
                "ID", "AGENT", "PLUGIN ACTION", "MODE", "STATUS", "CREATED", "ERROR");
        for (var r : runs) {
          io.out()
              .printf(
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
          io.out().println("(no runs)");
        }
      }
      return 0;
    }
  }

  @Command(
      name = "logs",
      description =
          "A run's log: the action's output (default) or the environment install (setup).")
  static final class Logs implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;

    @Parameters(paramLabel = "RUN_ID", description = "The run.")
    String runId;

    @Option(names = "--stream", paramLabel = "action|setup", description = "Which log.")
    String stream;

    @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines.")
    Integer tail;

    private final Io io;

    Logs(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      try (Services services = open(io, db)) {
        Agent operator = services.keys.local("cli");
        Integer since = 0;
        while (true) {
          var page = services.runs.logs(operator, runId, stream, tail, since, null);
          ((java.util.List<?>) page.get("lines")).forEach(io.out()::println);
          if (tail != null || !Boolean.TRUE.equals(page.get("truncated"))) {
            return 0;
          }
          since = (Integer) page.get("next_since");
        }
      }
    }
  }
}
