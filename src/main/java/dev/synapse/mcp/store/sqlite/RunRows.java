package dev.synapse.mcp.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunStatus;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** The columns every run query selects, and the one mapper from such a row to a {@link Run}. */
final class RunRows {
  static final String COLUMNS =
      "r.id, a.name, r.session_id, r.plugin, r.plugin_version, r.action, r.mode, r.status, r.params,"
          + " r.result, r.error, r.message, r.progress, r.metrics, r.handle, r.timeout_s, r.job_id,"
          + " r.created_at, r.started_at, r.finished_at";
  static final String FROM = " FROM runs r JOIN agents a ON a.id = r.agent_id";

  private final ObjectMapper json;

  RunRows(ObjectMapper json) {
    this.json = json;
  }

  Run map(ResultSet rs) throws SQLException {
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
