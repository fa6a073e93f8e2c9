package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.audit.AuditEntry;
import dev.synapse.mcp.audit.AuditFilter;
import dev.synapse.mcp.audit.AuditStore;
import dev.synapse.mcp.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit trail in SQLite. */
final class SqliteAuditStore implements AuditStore {
  private final Database db;

  SqliteAuditStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(AuditEntry e) {
    db.write(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO audit_log(at, agent, key_prefix, action, target, outcome, client)"
                      + " VALUES (?,?,?,?,?,?,?)")) {
            ps.setLong(1, e.at().toEpochMilli());
            ps.setString(2, e.agent());
            ps.setString(3, e.keyPrefix());
            ps.setString(4, e.action());
            ps.setString(5, e.target());
            ps.setString(6, e.outcome());
            ps.setString(7, e.client());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public int deleteBefore(long cutoff) {
    return db.write(
        c -> {
          try (var ps = c.prepareStatement("DELETE FROM audit_log WHERE at < ?")) {
            ps.setLong(1, cutoff);
            return ps.executeUpdate();
          }
        });
  }

  @Override
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
}
