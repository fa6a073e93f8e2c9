package dev.synapse.mcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Protocol 2026-07-28 (stateless) beside the 2025 sessions on the same /api/mcp. */
class StatelessProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicInteger IDS = new AtomicInteger();
  private static Path dir;
  private static SynapseServer server;
  private static String key;

  @BeforeAll
  static void start() {
    dir = TempDirs.create("stateless-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("modern", KeyService.DEFAULT_ROLES);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  /** The JSON-RPC messages of one 2026-07-28 request (SSE events or one JSON body). */
  private static List<JsonNode> send(String method, Map<String, Object> params, String auth)
      throws Exception {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.put("io.modelcontextprotocol/clientInfo", Map.of("name", "java-test", "version", "1"));
    meta.put("io.modelcontextprotocol/clientCapabilities", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> extra = (Map<String, Object>) params.getOrDefault("_meta", Map.of());
    meta.putAll(extra);
    Map<String, Object> p = new LinkedHashMap<>(params);
    p.put("_meta", meta);
    var body = Map.of("jsonrpc", "2.0", "id", IDS.incrementAndGet(), "method", method, "params", p);
    var b =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", method)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (p.get("name") instanceof String name) {
      b.header("Mcp-Name", name);
    }
    if (auth != null) {
      b.header("Authorization", "Bearer " + auth);
    }
    HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    List<JsonNode> out = new ArrayList<>();
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/event-stream")) {
      for (String line : res.body().split("\n")) {
        if (line.startsWith("data:")) {
          out.add(JSON.readTree(line.substring(5).trim()));
        }
      }
    } else {
      JsonNode node = JSON.readTree(res.body());
      assertTrue(res.statusCode() < 300 || node.has("error"), res.statusCode() + " " + res.body());
      out.add(node);
    }
    return out;
  }

  private static JsonNode last(List<JsonNode> messages) {
    return messages.get(messages.size() - 1);
  }

  private static JsonNode call(String tool, Map<String, Object> args) throws Exception {
    return last(send("tools/call", Map.of("name", tool, "arguments", args), key)).get("result");
  }

  @Test
  void discoverNamesTheVersionToolsAndServer() throws Exception {
    JsonNode res = last(send("server/discover", Map.of(), key));
    assertTrue(res.toString().contains("2026-07-28"), res.toString());
    assertTrue(res.at("/result/capabilities/tools").isObject(), res.toString());
    assertTrue(res.toString().contains("synapse-mcp"), res.toString());
  }

  @Test
  void toolsListMatchesTheSessionServersListWithAnnotations() throws Exception {
    JsonNode modern = last(send("tools/list", Map.of(), key)).at("/result/tools");
    JsonNode legacy =
        new McpTestClient(server.url(), key)
            .initialize()
            .request("tools/list", Map.of())
            .at("/result/tools");
    assertEquals(legacy.size(), modern.size());
    for (int i = 0; i < legacy.size(); i++) {
      assertEquals(legacy.get(i).get("name"), modern.get(i).get("name"));
      assertEquals(legacy.get(i).get("annotations"), modern.get(i).get("annotations"));
      assertEquals(legacy.get(i).get("inputSchema"), modern.get(i).get("inputSchema"));
    }
  }

  @Test
  void durableToolsWorkWithoutASession() throws Exception {
    JsonNode created = call("create_session", Map.of("name", "stateless"));
    assertFalse(created.path("isError").asBoolean(), created.toString());
    String id = created.at("/structuredContent/id").asText();
    JsonNode beat = call("session_heartbeat", Map.of("session_id", id));
    assertFalse(beat.path("isError").asBoolean(), beat.toString());
    assertEquals(1, beat.at("/structuredContent/heartbeats").asInt(), beat.toString());
  }

  @Test
  void errorsAreTheSameOneLineOnBothVersions() throws Exception {
    JsonNode modern = call("get_session", Map.of("session_id", "nope"));
    JsonNode legacy =
        new McpTestClient(server.url(), key)
            .initialize()
            .call("get_session", Map.of("session_id", "nope"));
    assertTrue(modern.path("isError").asBoolean(), modern.toString());
    assertEquals(legacy.at("/content/0/text"), modern.at("/content/0/text"));
    String text = modern.at("/content/0/text").asText();
    assertFalse(text.contains("\n") || text.contains("Exception"), text);

    JsonNode badArgs = call("get_session", Map.of("session_id", 5));
    assertTrue(badArgs.path("isError").asBoolean(), badArgs.toString());

    JsonNode unknown = last(send("tools/call", Map.of("name", "nope", "arguments", Map.of()), key));
    assertTrue(unknown.has("error"), unknown.toString());
    assertFalse(unknown.toString().contains("Exception"), unknown.toString());
  }

  @Test
  void anUnsupportedVersionIsRefusedNamingTheSupportedOnes() throws Exception {
    var res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + key)
                .header("MCP-Protocol-Version", "2099-01-01")
                .header("Mcp-Method", "tools/list")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":"
                            + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\","
                            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, res.statusCode(), res.body());
    JsonNode body = JSON.readTree(res.body());
    assertEquals(9, body.get("id").asInt(), res.body());
    assertTrue(body.at("/error/data").toString().contains("2026-07-28"), res.body());
    assertFalse(res.body().contains("Exception") || res.body().contains("stackTrace"), res.body());
  }

  @Test
  void withoutAKeyTheCallIsRefused() throws Exception {
    var res =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,"
                            + "\"method\":\"server/discover\",\"params\":{}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, res.statusCode(), res.body());
  }

  @Test
  void progressAndLogsStreamOnlyWhenAsked() throws Exception {
    Map<String, Object> args =
        Map.of("plugin", "hello", "action", "add", "params", Map.of("a", 2, "b", 3), "wait_s", 45);
    List<JsonNode> quiet = send("tools/call", Map.of("name", "run_plugin", "arguments", args), key);
    assertEquals(1, quiet.size(), quiet.toString());
    assertEquals(
        5, last(quiet).at("/result/structuredContent/result/sum").asInt(), quiet.toString());

    List<JsonNode> loud =
        send(
            "tools/call",
            Map.of(
                "name",
                "run_plugin",
                "arguments",
                args,
                "_meta",
                Map.of("progressToken", "p1", "io.modelcontextprotocol/logLevel", "debug")),
            key);
    assertEquals(5, last(loud).at("/result/structuredContent/result/sum").asInt(), loud.toString());
    long progress =
        loud.stream()
            .filter(m -> "notifications/progress".equals(m.path("method").asText()))
            .count();
    long logs =
        loud.stream()
            .filter(m -> "notifications/message".equals(m.path("method").asText()))
            .count();
    assertTrue(progress + logs > 0, loud.toString());
  }
}
