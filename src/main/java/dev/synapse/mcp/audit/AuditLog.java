package dev.synapse.mcp.audit;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: who changed what, from where, with what outcome. Rows older than the retention
 * are deleted at most once an hour, on the next write.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int MAX_TEXT = 300;
  private static final long PRUNE_EVERY_MS = 3600_000L;

  private final Database db;
  private final Clock clock;
  private final Duration retention;
  private final AtomicLong lastPrune = new AtomicLong();

  public AuditLog(Database db, Clock clock, int retentionDays) {
    this.db = db;
    this.clock = clock;
    this.retention = Duration.ofDays(retentionDays);
  }

  /** One entry; a failure to write is logged, never turned into the caller's error. */
  public void record(Agent agent, String action, String target, String outcome, String client) {
    long now = clock.millis();
    try {
      db.write(
          c -> {
            try (var ps =
                c.prepareStatement(
                    "INSERT INTO audit_log(at, agent, key_prefix, action, target, outcome, client)"
                        + " VALUES (?,?,?,?,?,?,?)")) {
              ps.setLong(1, now);
              ps.setString(2, agent == null ? "-" : agent.name());
              ps.setString(3, agent == null ? null : agent.keyPrefix());
              ps.setString(4, clip(action));
              ps.setString(5, clip(target));
              ps.setString(6, clip(outcome));
              ps.setString(7, clip(client));
              ps.executeUpdate();
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("audit entry for {} {} not written: {}", action, target, e.toString());
    }
    long last = lastPrune.get();
    if (now - last > PRUNE_EVERY_MS && lastPrune.compareAndSet(last, now)) {
      prune();
    }
  }

  /** Deletes entries older than the retention; returns how many. */
  public int prune() {
    long cutoff = clock.millis() - retention.toMillis();
    return db.write(
        c -> {
          try (var ps = c.prepareStatement("DELETE FROM audit_log WHERE at < ?")) {
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
          }
        });
  }

  /** Newest first. */
  public List<AuditEntry> list(AuditFilter f) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT at, agent, key_prefix, action, target, outcome, client FROM audit_log WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.agent() != null) {
      sql.append(" AND agent = ?");
      args.add(f.agent());
    }
    if (f.action() != null) {
      sql.append(" AND action = ?");
      args.add(f.action());
    }
    if (f.target() != null) {
      sql.append(" AND target = ?");
      args.add(f.target());
    }
    if (f.since() != null) {
      sql.append(" AND at >= ?");
      args.add(f.since().toEpochMilli());
    }
    if (f.failedOnly()) {
      sql.append(" AND outcome <> 'ok'");
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    args.add(f.limit());
    return db.read(
        c -> {
          try (var ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
            return out;
          }
        });
  }

  private static AuditEntry map(ResultSet rs) throws SQLException {
    return new AuditEntry(
        Instant.ofEpochMilli(rs.getLong(1)),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7));
  }

  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    String one = s.replaceAll("[\\p{Cc}\\p{Cf}]", " ");
    return one.length() > MAX_TEXT ? one.substring(0, MAX_TEXT - 3) + "..." : one;
  }
}
