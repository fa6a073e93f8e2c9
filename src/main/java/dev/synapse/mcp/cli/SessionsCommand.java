package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sessions list}: every agent's sessions, read straight from the database. */
@Command(
    name = "sessions",
    description = "Agent sessions.",
    synopsisSubcommandLabel = "list",
    subcommands = SessionsCommand.List.class)
final class SessionsCommand extends Main.Group {
  SessionsCommand(Io io) {
    super(io);
  }

  @Command(
      name = "list",
      description =
          "List sessions newest first: id, agent, name, status, last activity, heartbeats.")
  static final class List implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;

    @Option(
        names = "--status",
        paramLabel = "active|inactive|closed|open",
        description = "Only sessions in this state.")
    String status;

    @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's sessions.")
    String agent;

    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
    Integer limit = 100;

    private final Io io;

    List(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Database database = Databases.open(io.env(), db)) {
        var sessions = new SessionService(SqliteStores.on(database).sessions(), Clock.systemUTC());
        var operator = new Agent(-1, "cli", EnumSet.of(Role.ADMIN));
        var list = sessions.list(operator, status, null, limit, agent == null ? "*" : agent);
        io.out()
            .printf(
                "%-36s %-16s %-28s %-8s %-25s %s%n",
                "ID", "AGENT", "NAME", "STATUS", "LAST ACTIVE", "BEATS");
        for (var s : list) {
          io.out()
              .printf(
                  "%-36s %-16s %-28s %-8s %-25s %d%n",
                  s.id(), s.agent(), s.name(), s.status().wire(), s.lastActiveAt(), s.heartbeats());
        }
        if (list.isEmpty()) {
          io.out().println("(no sessions)");
        }
      }
      return 0;
    }
  }
}
