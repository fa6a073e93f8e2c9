package dev.synapse.mcp.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.runs.NewRun;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunQuery;
import dev.synapse.mcp.runs.RunStatus;
import dev.synapse.mcp.runs.RunStore;
import dev.synapse.mcp.runs.RunTransition;
import dev.synapse.mcp.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All SQL about runs and their history. */
final class RunSql implements RunStore {

  private final Database db;
  private final RunRows rows;

  RunSql(Database db, ObjectMapper json) {
    this.db = db;
    this.rows = new RunRows(json);
  }

  @Override
  public boolean insert(NewRun r, RunStatus status, long now) {
    return db.write(
        c -> {
          if (owner(c, r.id()).isPresent()) {
            return false;
          }
          insert(c, r, status, now);
          return true;
        });
  }

  @Override
  public Optional<Run> find(String id, Long agentId) {
    return db.read(c -> find(c, id, agentId));
  }

  @Override
  public Optional<Long> owner(String id) {
    return db.read(c -> owner(c, id));
  }

  @Override
  public java.util.Map<String, Long> countByStatusAndMode() {
    return db.read(
        c -> {
          var out = new java.util.TreeMap<String, Long>();
          for (RunStatus st : RunStatus.values()) {
            for (dev.synapse.mcp.runs.ExecutionMode m :
                dev.synapse.mcp.runs.ExecutionMode.values()) {
              out.put(st.wire() + "\t" + m.wire(), 0L);
            }
          }
          try (var ps =
                  c.prepareStatement("SELECT status, mode, count(*) FROM runs GROUP BY 1, 2");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1) + "\t" + rs.getString(2), rs.getLong(3));
            }
          }
          return out;
        });
  }

  @Override
  public List<Run> list(RunQuery q) {
    return db.read(c -> list(c, q));
  }

  @Override
  public List<Run> unfinishedAt(String pluginPath) {
    return db.read(c -> unfinishedAt(c, pluginPath));
  }

  @Override
  public Optional<RunState> state(String id) {
    return db.read(
        c -> {
          try (var ps = c.prepareStatement("SELECT status, version FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new RunState(RunStatus.parse(rs.getString(1)), rs.getLong(2)))
                  : Optional.<RunState>empty();
            }
          }
        });
  }

  @Override
  public boolean transition(String id, RunState seen, RunTransition t, long now) {
    return db.write(c -> transition(c, id, seen, t, now));
  }

  @Override
  public void progress(String id, String message, String progress, String metrics, long now) {
    db.write(
        c -> {
          progress(c, id, message, progress, metrics, now);
          return null;
        });
  }

  @Override
  public void handle(String id, String handle) {
    db.write(
        c -> {
          try (var ps = c.prepareStatement("UPDATE runs SET handle = ? WHERE id = ?")) {
            ps.setString(1, handle);
            ps.setString(2, id);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Long> agentNamed(String name) {
    return db.read(c -> SessionSql.agentNamed(c, name));
  }

  /** Records a new run as queued, or preparing when its environment is still to be built. */
  private void insert(Connection c, NewRun r, RunStatus status, long now) throws SQLException {
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

  private Optional<Run> find(Connection c, String id, Long agentId) throws SQLException {
    String sql =
        "SELECT "
            + RunRows.COLUMNS
            + RunRows.FROM
            + " WHERE r.id = ?"
            + (agentId == null ? "" : " AND r.agent_id = ?");
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      if (agentId != null) {
        ps.setLong(2, agentId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rows.map(rs)) : Optional.empty();
      }
    }
  }

  /**
   * The owning agent's id, whoever asks: used to tell "yours" from "someone else's" for idempotent
   * ids.
   */
  private Optional<Long> owner(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("SELECT agent_id FROM runs WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private List<Run> list(Connection c, RunQuery q) throws SQLException {
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
    String sql =
        "SELECT "
            + RunRows.COLUMNS
            + RunRows.FROM
            + where
            + " ORDER BY r.created_at DESC, r.id LIMIT ?";
    try (var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Run> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rows.map(rs));
        }
        return out;
      }
    }
  }

  /**
   * Moves a run from the status the caller saw to {@code t.to()} if its version is unchanged, and
   * appends the history row; false when another writer got there first.
   */
  private static boolean transition(
      Connection c, String id, RunState seen, RunTransition t, long now) throws SQLException {
    String to = t.to().wire();
    try (var ps =
        c.prepareStatement(
            "UPDATE runs SET status = ?, result = COALESCE(?, result), error = COALESCE(?, error),"
                + " message = COALESCE(?, message), progress = COALESCE(?, progress),"
                + " metrics = COALESCE(?, metrics),"
                + " started_at = CASE WHEN ? = 'running' THEN ? ELSE started_at END,"
                + " finished_at = CASE WHEN ? IN ('succeeded','failed','cancelled','lost') THEN ?"
                + " ELSE finished_at END, updated_at = ?, version = version + 1"
                + " WHERE id = ? AND version = ?")) {
      ps.setString(1, to);
      ps.setString(2, t.result());
      ps.setString(3, t.error());
      ps.setString(4, t.message());
      ps.setString(5, t.progress());
      ps.setString(6, t.metrics());
      ps.setString(7, to);
      ps.setLong(8, now);
      ps.setString(9, to);
      ps.setLong(10, now);
      ps.setLong(11, now);
      ps.setString(12, id);
      ps.setLong(13, seen.version());
      if (ps.executeUpdate() != 1) {
        return false;
      }
    }
    history(c, id, seen.status(), t.to(), t.reason(), now);
    return true;
  }

  /** Live details that change while a run works (no status change). */
  private void progress(
      Connection c, String id, String message, String progress, String metrics, long now)
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

  /** Queued or running runs of the plugin folder at {@code pluginPath}, whoever started them. */
  private List<Run> unfinishedAt(Connection c, String pluginPath) throws SQLException {
    String sql =
        "SELECT "
            + RunRows.COLUMNS
            + RunRows.FROM
            + " WHERE r.plugin_path = ? AND r.status IN ('queued','preparing','running') ORDER BY r.created_at";
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, pluginPath);
      try (ResultSet rs = ps.executeQuery()) {
        List<Run> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rows.map(rs));
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
}
