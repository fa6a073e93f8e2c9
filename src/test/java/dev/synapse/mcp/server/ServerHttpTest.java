package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server on port 0 with a temp SQLite file, spoken to over HTTP. */
class ServerHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static SynapseServer server;
  private static String key;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    dir = TempDirs.create("http-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("tester", KeyService.DEFAULT_ROLES);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(2));
    TempDirs.delete(dir);
  }

  @Test
  void healthNeedsNoKeyAndReportsDatabaseAndSchema() throws Exception {
    var res = get("/api/health", Map.of());
    assertEquals(200, res.statusCode());
    JsonNode body = JSON.readTree(res.body());
    assertEquals("ok", body.get("status").asText());
    assertTrue(body.at("/database/ok").asBoolean());
    assertTrue(body.at("/database/schema_version").asInt() >= 1);
    assertFalse(body.at("/executors/local").isMissingNode());
  }

  @Test
  void everyRouteToleratesATrailingSlash() throws Exception {
    var health = get("/api/health/", Map.of());
    assertEquals(200, health.statusCode(), health.body());
    assertEquals("ok", JSON.readTree(health.body()).get("status").asText());
    var init =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp/"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + key)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, init.statusCode(), init.body());
    assertTrue(init.body().contains("serverInfo"), init.body());
    assertEquals(401, get("/api/plugin_releases/", Map.of()).statusCode());
  }

  @Test
  void missingOrWrongKeyGets401JsonWithoutTrace() throws Exception {
    for (String auth : new String[] {null, "Bearer syn_" + "0".repeat(40), "Bearer nonsense"}) {
      var res =
          new McpTestClient(server.url(), auth == null ? null : auth.substring(7)).post(Map.of());
      assertEquals(401, res.statusCode(), "auth " + auth);
      assertTrue(res.headers().firstValue("WWW-Authenticate").isPresent());
      JsonNode body = JSON.readTree(res.body());
      assertEquals("unauthorized", body.get("error").asText());
      assertFalse(res.body().contains("Exception") || res.body().contains("at dev."), res.body());
    }
  }

  @Test
  void foreignOriginOrHostIsRefusedBeforeAuth() throws Exception {
    var origin = get("/api/mcp", Map.of("Origin", "http://evil.example"));
    assertEquals(403, origin.statusCode());
    assertTrue(origin.body().contains("Origin"), origin.body());
    var host = get("/api/health", Map.of("Host", "evil.example:80"));
    assertEquals(403, host.statusCode());
    var loopbackOrigin = get("/api/health", Map.of("Origin", "http://localhost:3000"));
    assertEquals(200, loopbackOrigin.statusCode());
  }

  @Test
  void toolsListOffersTheSessionToolsWithInputAndOutputSchemas() throws Exception {
    var client = new McpTestClient(server.url(), key).initialize();
    JsonNode tools = client.request("tools/list", Map.of()).at("/result/tools");
    Set<String> names = new TreeSet<>();
    for (JsonNode t : tools) {
      names.add(t.get("name").asText());
      assertEquals("object", t.at("/inputSchema/type").asText(), t.toString());
      assertEquals("object", t.at("/outputSchema/type").asText(), t.toString());
      assertFalse(t.get("description").asText().isBlank());
    }
    assertTrue(
        names.containsAll(
            Set.of(
                "checkin",
                "create_session",
                "list_sessions",
                "get_session",
                "close_session",
                "reopen_session",
                "session_heartbeat")),
        names.toString());
  }

  @Test
  void toolResultsCarryStructuredContentAndTheSameJsonAsText() throws Exception {
    var client = new McpTestClient(server.url(), key).initialize();
    JsonNode created = client.call("create_session", Map.of("name", "http-test"));
    assertFalse(created.get("isError").asBoolean());
    JsonNode structured = created.get("structuredContent");
    assertEquals(structured, JSON.readTree(created.at("/content/0/text").asText()));
    assertEquals("tester", structured.get("agent").asText());

    JsonNode checkin = client.call("checkin", Map.of()).get("structuredContent");
    assertEquals("tester", checkin.at("/agent/name").asText());
    assertTrue(checkin.get("sessions").toString().contains(structured.get("id").asText()));
    assertFalse(checkin.at("/server/version").asText().isBlank());
  }

  @Test
  void toolErrorsAreOneLineWithoutJavaDetails() throws Exception {
    var client = new McpTestClient(server.url(), key).initialize();
    for (Map<String, Object> args :
        new Map[] {Map.of("session_id", "xyz"), Map.of("session_id", 42), Map.of()}) {
      JsonNode res = client.call("get_session", args);
      assertTrue(res.get("isError").asBoolean(), res.toString());
      String text = res.at("/content/0/text").asText();
      assertFalse(
          text.contains("\n") || text.contains("Exception") || text.contains("at java."), text);
    }
  }

  private static HttpResponse<String> get(String path, Map<String, String> headers)
      throws Exception {
    var req = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
    headers.forEach(req::header);
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}
