package dev.synapse.mcp.cli;

import dev.synapse.mcp.audit.AuditFilter;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code audit}: lists and filters the audit trail, newest first. */
final class AuditCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp audit [--agent NAME] [--action ACTION] [--target ID] [--since WHEN]
                                 [--failed] [--limit N] [--prune] [--db FILE]

          Every state-changing call (MCP tool, REST route, keys create/revoke): time, agent, key
          prefix, action, target id, outcome, client address. Newest first.
          --since WHEN  an ISO-8601 time (2026-01-31T00:00:00Z) or an age: 30m, 12h, 7d
          --failed      only refused or failed calls
          --limit N     at most N rows (1-100000, default 100)
          --prune       first delete entries older than SYNAPSE_AUDIT_RETENTION_DAYS (default 90)
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    var cl =
        CommandLine.parse(
            args,
            Set.of("agent", "action", "target", "since", "limit", "db", "home"),
            Set.of("failed", "prune"));
    if (cl.help() || !cl.positionals().isEmpty()) {
      out.print(usage());
      return cl.help() ? 0 : 2;
    }
    int limit = limit(cl.flag("limit"));
    Instant since = since(cl.flag("since"));
    try (Database db = Databases.open(env, cl)) {
      var log =
          new AuditLog(
              SqliteStores.on(db).audit(),
              Clock.systemUTC(),
              Databases.config(env, cl).auditRetentionDays());
      if (cl.flag("prune") != null) {
        out.println("pruned " + log.prune() + " entries");
      }
      var rows =
          log.list(
              new AuditFilter(
                  cl.flag("agent"),
                  cl.flag("action"),
                  cl.flag("target"),
                  since,
                  cl.flag("failed") != null,
                  limit));
      out.printf(
          "%-24s %-16s %-14s %-26s %-28s %-16s %s%n",
          "TIME", "AGENT", "KEY", "ACTION", "TARGET", "CLIENT", "OUTCOME");
      for (var r : rows) {
        out.printf(
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
        out.println("(no entries)");
      }
    }
    return 0;
  }

  private static int limit(String text) {
    if (text == null) {
      return 100;
    }
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1 && n <= 100_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message
    }
    throw new InvalidInputException("--limit must be 1-100000; got '" + text + "'");
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
