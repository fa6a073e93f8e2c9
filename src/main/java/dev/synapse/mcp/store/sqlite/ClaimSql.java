package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.sessions.ClaimRequest;
import dev.synapse.mcp.sessions.ClaimRules;
import dev.synapse.mcp.sessions.Session;
import dev.synapse.mcp.sessions.SessionStatus;
import dev.synapse.mcp.sessions.Spawn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of claims and spawns: sessions looked up by their Claude Code identity. */
final class ClaimSql {
  private ClaimSql() {}

  /** The caller's own session: same owner, Claude Code session and agent id (null: the lead). */
  static Optional<Session> own(Connection c, long owner, String cc, String agentId, long now)
      throws SQLException {
    String sql =
        "SELECT "
            + SessionSql.COLUMNS
            + SessionSql.FROM
            + " WHERE s.agent_id = ? AND s.cc_session_id = ? AND "
            + (agentId == null ? "s.cc_agent_id IS NULL" : "s.cc_agent_id = ?")
            + " ORDER BY s.created_at DESC LIMIT 1";
    try (var ps = c.prepareStatement(sql)) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      if (agentId != null) {
        ps.setString(3, agentId);
      }
      return one(ps, now);
    }
  }

  /** Sessions of the owner with this name, newest first, with their holders. */
  static List<ClaimRules.Held> named(Connection c, long owner, String name, long now)
      throws SQLException {
    String sql =
        "SELECT s.id, s.status, s.last_active_at, s.expires_at, s.cc_session_id, s.cc_agent_id"
            + " FROM sessions s WHERE s.agent_id = ? AND s.name = ?"
            + " ORDER BY s.created_at DESC, s.id LIMIT 50";
    try (var ps = c.prepareStatement(sql)) {
      ps.setLong(1, owner);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        List<ClaimRules.Held> out = new ArrayList<>();
        while (rs.next()) {
          long expires = rs.getLong(4);
          Long exp = rs.wasNull() ? null : expires;
          out.add(
              new ClaimRules.Held(
                  rs.getString(1),
                  SessionStatus.effective(rs.getString(2), rs.getLong(3), exp, now),
                  rs.getString(5),
                  rs.getString(6)));
        }
        return out;
      }
    }
  }

  static void insert(Connection c, String id, long owner, String name, ClaimRequest r, long now)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO sessions(id, agent_id, name, description, status, last_active_at,"
                + " created_at, updated_at, parent_id, agent_type, tool_use_id, cc_session_id,"
                + " cc_agent_id, pairing, process_pid, process_start)"
                + " VALUES (?,?,?,?,'active',?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setLong(2, owner);
      ps.setString(3, name);
      ps.setString(4, r.description());
      ps.setLong(5, now);
      ps.setLong(6, now);
      ps.setLong(7, now);
      bindIdentity(ps, 8, r);
      ps.executeUpdate();
    }
  }

  /** Takes a session over for this claim: open, fresh, and carrying the claimer's identity. */
  static void takeOver(Connection c, String id, ClaimRequest r, boolean keepSpawn, long now)
      throws SQLException {
    String spawnCols =
        keepSpawn
            ? "parent_id = COALESCE(?, parent_id), agent_type = COALESCE(?, agent_type),"
                + " tool_use_id = COALESCE(?, tool_use_id)"
            : "parent_id = ?, agent_type = ?, tool_use_id = ?";
    String sql =
        "UPDATE sessions SET status = 'active', closed_at = NULL, closed_reason = NULL,"
            + " last_active_at = ?, updated_at = ?, version = version + 1,"
            + " expires_at = CASE WHEN expires_at <= ? THEN NULL ELSE expires_at END, "
            + spawnCols
            + ", cc_session_id = ?, cc_agent_id = ?, pairing = COALESCE(?, pairing),"
            + " process_pid = COALESCE(?, process_pid), process_start = COALESCE(?, process_start),"
            + " description = COALESCE(?, description) WHERE id = ?";
    try (var ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      ps.setLong(2, now);
      ps.setLong(3, now);
      bindIdentity(ps, 4, r);
      ps.setString(12, r.description());
      ps.setString(13, id);
      ps.executeUpdate();
    }
  }

  // parent, type, tool_use_id, cc session, cc agent, pairing, pid, process start
  private static void bindIdentity(PreparedStatement ps, int i, ClaimRequest r)
      throws SQLException {
    ps.setString(i, r.parentId());
    ps.setString(i + 1, r.agentType());
    ps.setString(i + 2, r.toolUseId());
    ps.setString(i + 3, r.ccSessionId());
    ps.setString(i + 4, r.ccAgentId());
    ps.setString(i + 5, r.pairing());
    if (r.pid() == null) {
      ps.setNull(i + 6, java.sql.Types.INTEGER);
    } else {
      ps.setLong(i + 6, r.pid());
    }
    ps.setString(i + 7, r.processStart());
  }

  /** Writes what an exact key revealed about a session's spawn. */
  static void settle(Connection c, String id, Spawn s, String name, long now) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE sessions SET tool_use_id = ?, description = ?, name = ?, pairing = 'exact',"
                + " agent_type = COALESCE(?, agent_type), updated_at = ?, version = version + 1"
                + " WHERE id = ?")) {
      ps.setString(1, s.toolUseId());
      ps.setString(2, s.description());
      ps.setString(3, name);
      ps.setString(4, s.agentType());
      ps.setLong(5, now);
      ps.setString(6, id);
      ps.executeUpdate();
    }
  }

  /**
   * A guess proved wrong: sessions that took this spawn by order give back its description and name
   * (falling back to {@code <type>-<short agent id>}), so its real sub-agent can have them.
   */
  static void unpairOthers(Connection c, long owner, String cc, String toolUseId, String keep)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE sessions SET tool_use_id = NULL, description = NULL, pairing = 'by-order',"
                + " name = COALESCE(agent_type, 'agent') || '-' || substr(cc_agent_id, 1, 8)"
                + " WHERE agent_id = ? AND cc_session_id = ? AND tool_use_id = ? AND id <> ?"
                + " AND cc_agent_id IS NOT NULL")) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      ps.setString(3, toolUseId);
      ps.setString(4, keep);
      ps.executeUpdate();
    }
  }

  /** Closes open sessions matching {@code where} (bound to {@code args}) with a reason. */
  static int close(Connection c, String where, String reason, long now, Object... args)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE sessions SET status = 'closed', closed_at = ?, closed_reason = ?,"
                + " updated_at = ?, version = version + 1 WHERE status = 'active' AND "
                + where)) {
      ps.setLong(1, now);
      ps.setString(2, reason);
      ps.setLong(3, now);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 4, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  // --- spawns ---

  static void putSpawn(Connection c, long owner, String cc, Spawn s, long now) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO spawns(agent_id_owner, cc_session_id, tool_use_id, name, description,"
                + " agent_type, background, cc_agent_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT(agent_id_owner, cc_session_id, tool_use_id) DO UPDATE SET"
                + " name = COALESCE(spawns.name, excluded.name),"
                + " description = COALESCE(spawns.description, excluded.description),"
                + " cc_agent_id = COALESCE(excluded.cc_agent_id, spawns.cc_agent_id)")) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      ps.setString(3, s.toolUseId());
      ps.setString(4, s.name());
      ps.setString(5, s.description());
      ps.setString(6, s.agentType());
      ps.setInt(7, s.background() ? 1 : 0);
      ps.setString(8, s.ccAgentId());
      ps.setLong(9, now);
      ps.executeUpdate();
    }
  }

  static Optional<Spawn> spawnOf(Connection c, long owner, String cc, String column, String value)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT tool_use_id, name, description, agent_type, background, cc_agent_id, session_id"
                + " FROM spawns WHERE agent_id_owner = ? AND cc_session_id = ? AND "
                + column
                + " = ? ORDER BY created_at LIMIT 1")) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      ps.setString(3, value);
      return spawn(ps);
    }
  }

  /** The oldest spawn of this type no sub-agent has a key for and no session holds yet. */
  static Optional<Spawn> oldestUnpaired(
      Connection c, long owner, String cc, String type, Boolean background) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "SELECT tool_use_id, name, description, agent_type, background, cc_agent_id, session_id"
                + " FROM spawns WHERE agent_id_owner = ? AND cc_session_id = ? AND agent_type = ?"
                + " AND cc_agent_id IS NULL AND session_id IS NULL"
                + (background == null ? "" : " AND background = " + (background ? 1 : 0))
                + " ORDER BY created_at, rowid LIMIT 1")) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      ps.setString(3, type);
      return spawn(ps);
    }
  }

  static void spawnHeldBy(Connection c, long owner, String cc, String toolUseId, String session)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE spawns SET session_id = ? WHERE agent_id_owner = ? AND cc_session_id = ?"
                + " AND tool_use_id = ?")) {
      ps.setString(1, session);
      ps.setLong(2, owner);
      ps.setString(3, cc);
      ps.setString(4, toolUseId);
      ps.executeUpdate();
    }
  }

  static void dropSpawns(Connection c, long owner, String cc, String toolUseId)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "DELETE FROM spawns WHERE agent_id_owner = ? AND cc_session_id = ?"
                + (toolUseId == null ? "" : " AND tool_use_id = ? AND session_id IS NULL"))) {
      ps.setLong(1, owner);
      ps.setString(2, cc);
      if (toolUseId != null) {
        ps.setString(3, toolUseId);
      }
      ps.executeUpdate();
    }
  }

  private static Optional<Spawn> spawn(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new Spawn(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getInt(5) == 1,
              rs.getString(6),
              rs.getString(7)));
    }
  }

  private static Optional<Session> one(PreparedStatement ps, long now) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(SessionSql.map(rs, now)) : Optional.empty();
    }
  }
}
