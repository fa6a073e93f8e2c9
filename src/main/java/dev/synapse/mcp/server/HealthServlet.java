package dev.synapse.mcp.server;

import dev.synapse.mcp.store.Database;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/health}: no auth, no secrets; 200 when the database answers, else 503. */
final class HealthServlet extends HttpServlet {
  private final Database db;
  private final String version;
  private final Supplier<Map<String, Object>> executors;
  private final JsonResponses responses;

  HealthServlet(
      Database db,
      String version,
      Supplier<Map<String, Object>> executors,
      JsonResponses responses) {
    this.db = db;
    this.version = version;
    this.executors = executors;
    this.responses = responses;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    boolean dbOk = db.healthy();
    var body = new LinkedHashMap<String, Object>();
    body.put("status", dbOk ? "ok" : "degraded");
    body.put("version", version);
    body.put("database", Map.of("ok", dbOk, "schema_version", db.schemaVersion()));
    body.put("executors", executors.get());
    responses.write(res, dbOk ? 200 : 503, body);
  }
}
