package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All SQL about runs and their history. */
final class RunStore {
  private static final String COLUMNS =
      "r.id, a.name, r.session_id, r.plugin, r.plugin_version, r.action, r.mode, r.status, r.params,"
          + " r.result, r.error, r.message, r.progress, r.metrics, r.handle, r.timeout_s, r.job_id,"
          + " r.created_at, r.started_at, r.finished_at";
  private static final String FROM = " FROM runs r JOIN agents a ON a.id = r.agent_id";

  private final ObjectMapper json;

  RunStore(ObjectMapper json) {
    this.json = json;
  }

  /** Fields of a new run row. */
  record NewRun(
      String id,
      long agentId,
      String sessionId,
      String plugin,
      String pluginVersion,
      String pluginPath,
      String action,
      ExecutionMode mode,
      String params,
      String logsDir,
      Integer timeoutS,
      String jobId,
      String message) {}

  void insert(Connection c, NewRun r, long now) throws SQLException {
    insert(c, r, RunStatus.QUEUED, now);
  }

  /** Records a new run as queued, or preparing when its environment is still to be built. */
  void insert(Connection c, NewRun r, RunStatus status, long now) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO runs(id, agent_id, session_id, plugin, plugin_version, plugin_path, action, mode,"
                + " status, params, logs_dir, timeout_s, job_id, message, created_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, r.id());
      ps.setLong(2, r.agentId());
      ps.setString(3, r.sessionId());
      ps.setString(4, r.plugin());
      ps.setString(5, r.pluginVersion());
      ps.setString(6, r.pluginPath());
      ps.setString(7, r.action());
      ps.setString(8, r.mode().wire());
      ps.setString(9, status.wire());
      ps.setString(10, r.params());
      ps.setString(11, r.logsDir());
      ps.setObject(12, r.timeoutS());
      ps.setString(13, r.jobId());
      ps.setString(14, r.message());
      ps.setLong(15, now);
      ps.setLong(16, now);
      ps.executeUpdate();
    }
    history(
        c,
        r.id(),
        null,
        status,
        status == RunStatus.PREPARING ? "accepted; building its environment" : "accepted",
        now);
  }

  Optional<Run> find(Connection c, String id, Long agentId) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + FROM
            + " WHERE r.id = ?"
            + (agentId == null ? "" : " AND r.agent_id = ?");
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      if (agentId != null) {
        ps.setLong(2, agentId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /**
   * The owning agent's id, whoever asks: used to tell "yours" from "someone else's" for idempotent
   * ids.
   */
  Optional<Long> owner(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("SELECT agent_id FROM runs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Runs of every agent by status and mode ("status\tmode"), for /metrics. */
  java.util.Map<String, Long> countByStatusAndMode(Connection c) throws SQLException {
    var out = new java.util.TreeMap<String, Long>();
    for (RunStatus st : RunStatus.values()) {
      for (ExecutionMode m : ExecutionMode.values()) {
        out.put(st.wire() + "\t" + m.wire(), 0L);
      }
    }
    try (var ps = c.prepareStatement("SELECT status, mode, count(*) FROM runs GROUP BY 1, 2");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1) + "\t" + rs.getString(2), rs.getLong(3));
      }
    }
    return out;
  }

  List<Run> list(Connection c, RunQuery q) throws SQLException {
    var where = new StringBuilder(" WHERE 1=1");
    var args = new ArrayList<Object>();
    if (q.agentId() != null) {
      where.append(" AND r.agent_id = ?");
      args.add(q.agentId());
    }
    if (q.plugin() != null) {
      where.append(" AND r.plugin = ?");
      args.add(q.plugin());
    }
    if (!q.statuses().isEmpty()) {
      where.append(" AND r.status IN (").append("?,".repeat(q.statuses().size()));
      where.setLength(where.length() - 1);
      where.append(")");
      q.statuses().forEach(s -> args.add(s.wire()));
    }
    if (q.sessionId() != null) {
      where.append(" AND r.session_id = ?");
      args.add(q.sessionId());
    }
    if (q.modes() != null && !q.modes().isEmpty()) {
      where.append(" AND r.mode IN (").append("?,".repeat(q.modes().size()));
      where.setLength(where.length() - 1);
      where.append(")");
      q.modes().forEach(m -> args.add(m.wire()));
    }
    args.add(q.limit());
    String sql = "SELECT " + COLUMNS + FROM + where + " ORDER BY r.created_at DESC, r.id LIMIT ?";
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Run> out = new ArrayList<>();
        while (rs.next()) {
          out.add(map(rs));
        }
        return out;
      }
    }
  }

  /**
   * Moves a run from the status it has to {@code to}; refuses illegal moves. Null fields are left
   * as they are.
   */
  void transition(
      Connection c,
      String id,
      RunStatus to,
      String reason,
      String result,
      String error,
      String message,
      String handle,
      long now)
      throws SQLException {
    RunStatus from = find(c, id, null).orElseThrow().status();
    from.check(to, id);
    try (var ps =
        c.prepareStatement(
            "UPDATE runs SET status = ?, result = COALESCE(?, result), error = COALESCE(?, error),"
                + " message = COALESCE(?, message), handle = COALESCE(?, handle),"
                + " started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,"
                + " finished_at = CASE WHEN ? IN ('succeeded','failed','cancelled','lost') THEN ?"
                + " ELSE finished_at END, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?")) {
      ps.setString(1, to.wire());
      ps.setString(2, result);
      ps.setString(3, error);
      ps.setString(4, message);
      ps.setString(5, handle);
      ps.setString(6, to.wire());
      ps.setLong(7, now);
      ps.setString(8, to.wire());
      ps.setLong(9, now);
      ps.setLong(10, now);
      ps.setString(11, id);
      ps.setString(12, from.wire());
      ps.executeUpdate();
    }
    history(c, id, from, to, reason, now);
  }

  /** Live details that change while a run works (no status change). */
  void progress(Connection c, String id, String message, String progress, String metrics, long now)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE runs SET message = COALESCE(?, message), progress = COALESCE(?, progress),"
                + " metrics = COALESCE(?, metrics), updated_at = ? WHERE id = ?")) {
      ps.setString(1, message);
      ps.setString(2, progress);
      ps.setString(3, metrics);
      ps.setLong(4, now);
      ps.setString(5, id);
      ps.executeUpdate();
    }
  }

  List<Run> unfinished(Connection c, ExecutionMode mode) throws SQLException {
    return list(
        c,
        new RunQuery(
            null,
            null,
            List.of(RunStatus.QUEUED, RunStatus.PREPARING, RunStatus.RUNNING),
            null,
            List.of(mode),
            10_000));
  }

  /** Queued or running runs of the plugin folder at {@code pluginPath}, whoever started them. */
  List<Run> unfinishedAt(Connection c, String pluginPath) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + FROM
            + " WHERE r.plugin_path = ? AND r.status IN ('queued','preparing','running') ORDER BY r.created_at";
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, pluginPath);
      try (ResultSet rs = ps.executeQuery()) {
        List<Run> out = new ArrayList<>();
        while (rs.next()) {
          out.add(map(rs));
        }
        return out;
      }
    }
  }

  private static void history(
      Connection c, String id, RunStatus from, RunStatus to, String reason, long now)
      throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO run_history(run_id, from_status, to_status, reason, at) VALUES (?,?,?,?,?)")) {
      ps.setString(1, id);
      ps.setString(2, from == null ? null : from.wire());
      ps.setString(3, to.wire());
      ps.setString(4, reason);
      ps.setLong(5, now);
      ps.executeUpdate();
    }
  }

  private Run map(ResultSet rs) throws SQLException {
    return new Run(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        ExecutionMode.parse(rs.getString(7)),
        RunStatus.parse(rs.getString(8)),
        node(rs.getString(9)),
        node(rs.getString(10)),
        rs.getString(11),
        rs.getString(12),
        node(rs.getString(13)),
        node(rs.getString(14)),
        node(rs.getString(15)),
        nullableInt(rs, 16),
        rs.getString(17),
        instant(rs, 18),
        instant(rs, 19),
        instant(rs, 20));
  }

  private JsonNode node(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(text);
    }
  }

  private static Integer nullableInt(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
