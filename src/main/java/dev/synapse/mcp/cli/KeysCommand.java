package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keys create|list|revoke}: work on the database file directly; the server may be running.
 */
@Command(
    name = "keys",
    description = "Create, list and revoke the API keys agents use.",
    synopsisSubcommandLabel = "(create | list | revoke)",
    subcommands = {KeysCommand.Create.class, KeysCommand.List.class, KeysCommand.Revoke.class})
final class KeysCommand extends Main.Group {
  KeysCommand(Io io) {
    super(io);
  }

  private static final Agent OPERATOR = new Agent(-1, "cli", EnumSet.of(Role.ADMIN));

  private static AuditLog audit(Database db, Io io, Options.Db options) {
    return new AuditLog(
        SqliteStores.on(db).audit(),
        Clock.systemUTC(),
        Databases.config(io.env(), options).auditRetentionDays());
  }

  @Command(
      name = "create",
      description = {
        "Make an agent NAME (if new) and a key for it; print only the key (syn_...) on stdout.",
        "Roles: session, run, release, admin (admin implies all). Default: session,run,release."
      })
  static final class Create implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The agent.")
    String name;

    @Option(names = "--roles", paramLabel = "r1,r2", description = "Its roles.")
    String roles;

    private final Io io;

    Create(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Database database = Databases.open(io.env(), db)) {
        var keys = new KeyService(SqliteStores.on(database).keys(), Clock.systemUTC());
        var audit = audit(database, io, db);
        String key;
        try {
          key =
              keys.create(
                  name, roles == null ? KeyService.DEFAULT_ROLES : KeyService.parseRoles(roles));
        } catch (RuntimeException e) {
          audit.record(
              OPERATOR, "keys create", name, "error: " + e.getMessage(), Databases.client());
          throw e;
        }
        audit.record(
            OPERATOR,
            "keys create",
            name + " (" + key.substring(0, 12) + ")",
            "ok",
            Databases.client());
        io.out().println(key);
      }
      return 0;
    }
  }

  @Command(
      name = "list",
      description = "Agent, key prefix, roles, created, revoked (never the key).")
  static final class List implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;
    private final Io io;

    List(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Database database = Databases.open(io.env(), db)) {
        var keys = new KeyService(SqliteStores.on(database).keys(), Clock.systemUTC());
        io.out()
            .printf(
                "%-24s %-14s %-28s %-25s %s%n", "AGENT", "PREFIX", "ROLES", "CREATED", "REVOKED");
        for (var k : keys.list()) {
          io.out()
              .printf(
                  "%-24s %-14s %-28s %-25s %s%n",
                  k.agent(),
                  k.prefix() + "…",
                  String.join(",", k.roles()),
                  k.createdAt(),
                  k.revokedAt() == null ? "-" : k.revokedAt());
        }
      }
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke every live key of agent NAME.")
  static final class Revoke implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Options.Db db;

    @Parameters(paramLabel = "NAME", description = "The agent.")
    String name;

    private final Io io;

    Revoke(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      try (Database database = Databases.open(io.env(), db)) {
        int n = new KeyService(SqliteStores.on(database).keys(), Clock.systemUTC()).revoke(name);
        audit(database, io, db)
            .record(
                OPERATOR,
                "keys revoke",
                name,
                n == 0 ? "error: no live keys" : "ok (" + n + " key(s))",
                Databases.client());
        if (n == 0) {
          io.err().println("synapse-mcp: agent '" + name + "' has no live keys");
          return 1;
        }
        io.out().println("revoked " + n + " key(s) of " + name);
      }
      return 0;
    }
  }
}
