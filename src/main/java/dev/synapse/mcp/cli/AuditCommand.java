package dev.synapse.mcp.cli;

import dev.synapse.mcp.audit.AuditFilter;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit}: lists and filters the audit trail, newest first. */
@Command(
    name = "audit",
    description = {
      "The audit trail of state-changing calls (MCP tool, REST route, keys create/revoke): time,",
      "agent, key prefix, action, target id, outcome, client address. Newest first."
    })
final class AuditCommand implements Callable<Integer> {
  @Mixin Options.Help help;
  @Mixin Options.Db db;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's calls.")
  String agent;

  @Option(names = "--action", paramLabel = "ACTION", description = "Only this action.")
  String action;

  @Option(names = "--target", paramLabel = "ID", description = "Only calls on this target.")
  String target;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = "An ISO-8601 time (2026-01-31T00:00:00Z) or an age: 30m, 12h, 7d.")
  String since;

  @Option(names = "--failed", description = "Only refused or failed calls.")
  boolean failed;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "At most N rows (1-100000, default 100).")
  Integer limit = 100;

  @Option(
      names = "--prune",
      description = "First delete entries older than SYNAPSE_AUDIT_RETENTION_DAYS (default 90).")
  boolean prune;

  private final Io io;

  AuditCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 100_000) {
      throw new InvalidInputException("--limit must be 1-100000; got " + limit);
    }
    Instant from = since(since);
    try (Database database = Databases.open(io.env(), db)) {
      var log =
          new AuditLog(
              SqliteStores.on(database).audit(),
              Clock.systemUTC(),
              Databases.config(io.env(), db).auditRetentionDays());
      if (prune) {
        io.out().println("pruned " + log.prune() + " entries");
      }
      var rows = log.list(new AuditFilter(agent, action, target, from, failed, limit));
      io.out()
          .printf(
              "%-24s %-16s %-14s %-26s %-28s %-16s %s%n",
              "TIME", "AGENT", "KEY", "ACTION", "TARGET", "CLIENT", "OUTCOME");
      for (var r : rows) {
        io.out()
            .printf(
                "%-24s %-16s %-14s %-26s %-28s %-16s %s%n",
                r.at(),
                r.agent(),
                r.keyPrefix() == null ? "-" : r.keyPrefix() + "…",
                r.action(),
                r.target() == null ? "-" : r.target(),
                r.client() == null ? "-" : r.client(),
                r.outcome());
      }
      if (rows.isEmpty()) {
        io.out().println("(no entries)");
      }
    }
    return 0;
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    try {
      if (t.matches("[0-9]{1,6}[mhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration age =
            switch (t.charAt(t.length() - 1)) {
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return Instant.now().minus(age);
      }
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "--since must be an ISO-8601 time like 2026-01-31T00:00:00Z or an age like 7d; got '"
              + (t.length() > 60 ? t.substring(0, 57) + "..." : t)
              + "'");
    }
  }
}
