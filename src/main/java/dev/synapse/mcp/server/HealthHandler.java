package dev.synapse.mcp.server;

import dev.synapse.mcp.store.Database;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/health}: no auth, no secrets; 200 when the database answers, else 503. Runs on
 * its own small executor so it answers while every HTTP worker is busy.
 */
final class HealthHandler implements HttpHandler {
  private final OriginPolicy origins;
  private final Database db;
  private final String version;
  private final Supplier<Map<String, Object>> executors;
  private final ExchangeJson out;

  HealthHandler(
      OriginPolicy origins,
      Database db,
      String version,
      Supplier<Map<String, Object>> executors,
      ExchangeJson out) {
    this.origins = origins;
    this.db = db;
    this.version = version;
    this.executors = executors;
    this.out = out;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
    if (!origins.hostAllowed(host)) {
      out.error(
          exchange,
          403,
          "forbidden",
          "Host '" + host + "' is not allowed (set SYNAPSE_ALLOWED_HOSTS)");
      return;
    }
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (!origins.originAllowed(origin)) {
      out.error(exchange, 403, "forbidden", "Origin '" + origin + "' is not allowed");
      return;
    }
    if (!exchange.getRequestMethod().toString().equals("GET")) {
      exchange.getResponseHeaders().put(Headers.ALLOW, "GET");
      out.error(exchange, 405, "method_not_allowed", "use GET /api/health");
      return;
    }
    boolean dbOk = db.healthy();
    var body = new LinkedHashMap<String, Object>();
    body.put("status", dbOk ? "ok" : "degraded");
    body.put("version", version);
    body.put("database", Map.of("ok", dbOk, "schema_version", db.schemaVersion()));
    body.put("executors", executors.get());
    out.send(exchange, dbOk ? 200 : 503, body, false);
  }
}
