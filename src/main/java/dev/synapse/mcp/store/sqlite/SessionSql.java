package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.sessions.NewSession;
import dev.synapse.mcp.sessions.Session;
import dev.synapse.mcp.sessions.SessionQuery;
import dev.synapse.mcp.sessions.SessionStatus;
import dev.synapse.mcp.sessions.SessionTransition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * All SQL about sessions. Methods take the connection the caller got from the database's read or
 * write path.
 */
final class SessionSql {
  static final String COLUMNS =
      "s.id, a.name, s.name, s.description, s.status, s.last_active_at, s.expires_at, s.created_at,"
          + " s.updated_at, s.closed_at, s.heartbeats, s.parent_id, s.agent_type, s.tool_use_id,"
          + " s.pairing, s.closed_reason";
  static final String FROM = " FROM sessions s JOIN agents a ON a.id = s.agent_id";

  private SessionSql() {}

  static void insert(Connection c, NewSession s, long now) throws SQLException {
    String id = s.id();
    long agentId = s.agentId();
    String name = s.name();
    String description = s.description();
    Long expiresAt = s.expiresAt();
    try (var ps =
        c.prepareStatement(
            "INSERT INTO sessions(id, agent_id, name, description, status, last_active_at, expires_at,"
                + " created_at, updated_at) VALUES (?,?,?,?,'active',?,?,?,?)")) {
      ps.setString(1, id);
      ps.setLong(2, agentId);
      ps.setString(3, name);
      ps.setString(4, description);
      ps.setLong(5, now);
      setNullable(ps, 6, expiresAt);
      ps.setLong(7, now);
      ps.setLong(8, now);
      ps.executeUpdate();
    }
  }

  /** The session if it exists and (unless {@code agentId} is null) belongs to that agent. */
  static Optional<Session> find(Connection c, String id, Long agentId, long now)
      throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + FROM
            + " WHERE s.id = ?"
            + (agentId == null ? "" : " AND s.agent_id = ?");
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      if (agentId != null) {
        ps.setLong(2, agentId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs, now)) : Optional.empty();
      }
    }
  }

  static List<Session> list(Connection c, SessionQuery q, long now) throws SQLException {
    var where = new StringBuilder(" WHERE 1=1");
    var args = new ArrayList<Object>();
    if (q.agentId() != null) {
      where.append(" AND s.agent_id = ?");
      args.add(q.agentId());
    }
    if (q.name() != null) {
      where.append(" AND s.name = ?");
      args.add(q.name());
    }
    long idleCutoff = now - SessionStatus.IDLE_LIMIT.toMillis();
    String live = " AND s.status = 'active' AND (s.expires_at IS NULL OR s.expires_at > ?)";
    if (q.status() == SessionStatus.CLOSED) {
      where.append(" AND (s.status = 'closed' OR s.expires_at <= ?)");
      args.add(now);
    } else if (q.status() != null || q.openOnly()) {
      where.append(live);
      args.add(now);
      if (q.status() == SessionStatus.ACTIVE) {
        where.append(" AND s.last_active_at > ?");
        args.add(idleCutoff);
      } else if (q.status() == SessionStatus.INACTIVE) {
        where.append(" AND s.last_active_at <= ?");
        args.add(idleCutoff);
      }
    }
    String sql = "SELECT " + COLUMNS + FROM + where + " ORDER BY s.created_at DESC, s.id LIMIT ?";
    args.add(q.limit());
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Session> out = new ArrayList<>();
        while (rs.next()) {
          out.add(map(rs, now));
        }
        return out;
      }
    }
  }

  /** The row's version, the optimistic lock every single-session write is checked against. */
  static Optional<Long> version(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("SELECT version FROM sessions WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /**
   * Writes the outcome of a transition decided by the caller, if the row is still at {@code
   * version}; false when another writer changed it first.
   */
  static boolean update(Connection c, String id, long version, SessionTransition t, long now)
      throws SQLException {
    // ?1 is now, ?2 the session id, ?3 the version the caller read, ?4 the close reason.
    String set =
        switch (t.op()) {
          case HEARTBEAT -> "last_active_at = ?1, updated_at = ?1, heartbeats = heartbeats + 1";
          case CLOSE ->
              "status = 'closed', closed_at = COALESCE(closed_at, ?1), updated_at = ?1,"
                  + " closed_reason = COALESCE(?4, closed_reason)";
          case REOPEN ->
              "status = 'active', closed_at = NULL, closed_reason = NULL, last_active_at = ?1,"
                  + " updated_at = ?1, expires_at = CASE WHEN expires_at <= ?1 THEN NULL ELSE expires_at END";
        };
    try (var ps =
        c.prepareStatement(
            "UPDATE sessions SET "
                + set
                + ", version = version + 1 WHERE id = ?2 AND version = ?3")) {
      ps.setLong(1, now);
      ps.setString(2, id);
      ps.setLong(3, version);
      if (t.op() == SessionStatus.Op.CLOSE) {
        ps.setString(4, t.reason());
      }
      return ps.executeUpdate() == 1;
    }
  }

  /** The id of the agent with this name. */
  static Optional<Long> agentNamed(Connection c, String name) throws SQLException {
    try (var ps = c.prepareStatement("SELECT id FROM agents WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  static Session map(ResultSet rs, long now) throws SQLException {
    long lastActive = rs.getLong(6);
    Long expires = nullableLong(rs, 7);
    return new Session(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        SessionStatus.effective(rs.getString(5), lastActive, expires, now),
        Instant.ofEpochMilli(lastActive),
        instant(expires),
        Instant.ofEpochMilli(rs.getLong(8)),
        Instant.ofEpochMilli(rs.getLong(9)),
        instant(nullableLong(rs, 10)),
        rs.getLong(11),
        rs.getString(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        rs.getString(16));
  }

  private static Long nullableLong(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  private static void setNullable(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  /** Sessions of every agent by status as read (active, inactive, closed), for /metrics. */
  static java.util.Map<String, Long> countByStatus(Connection c, long now) throws SQLException {
    long idleCutoff = now - SessionStatus.IDLE_LIMIT.toMillis();
    String sql =
        "SELECT CASE WHEN status = 'closed' OR (expires_at IS NOT NULL AND expires_at <= ?1)"
            + " THEN 'closed' WHEN last_active_at <= ?2 THEN 'inactive' ELSE 'active' END AS st,"
            + " count(*) FROM sessions GROUP BY st";
    var out = new java.util.TreeMap<String, Long>();
    for (SessionStatus st : SessionStatus.values()) {
      out.put(st.wire(), 0L);
    }
    try (var ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      ps.setLong(2, idleCutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }
}
