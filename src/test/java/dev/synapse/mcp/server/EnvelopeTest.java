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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed JSON-RPC envelopes over raw HTTP against the real server: several hundred generated
 * from a fixed seed (see {@link MalformedEnvelopes}), each answered with a clear JSON-RPC error
 * that carries the request's id when it had a valid one, names no class, quotes no parser, and
 * changes nothing stored.
 */
class EnvelopeTest {
  /** Java class names, stack frames, parser texts, server paths. */
  private static final Pattern LEAK =
      Pattern.compile(
          "[a-z]+\\.[a-z]+\\.[A-Za-z]+\\.|\\$[A-Z]|Exception|\\bat [a-z]+\\.|Jackson|"
              + "Unrecognized token|line: \\d|column: \\d|/tmp/|/home/|java\\.");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dir;
  private static SynapseServer server;
  private static String key;
  private static McpTestClient client;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("envelope");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("fuzzer", KeyService.DEFAULT_ROLES);
    client = new McpTestClient(server.url(), key).initialize();
    client.call("create_session", Map.of("name", "before"));
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(2));
    TempDirs.delete(dir);
  }

  @Test
  void everyGeneratedMalformedEnvelopeGetsACleanJsonRpcErrorAndStoresNothing() throws Exception {
    Map<String, Long> before = rowCounts();
    List<MalformedEnvelopes.Case> cases = new MalformedEnvelopes(20261202L).generate(60);
    assertTrue(cases.size() >= 500, "only " + cases.size() + " cases");
    List<String> failures = new ArrayList<>();
    for (var c : cases) {
      var res = post(c.body(), c.withSession() ? client.sessionId() : null);
      String problem = judge(c, res);
      if (problem != null) {
        failures.add(c.name() + ": " + problem + " <- " + res.statusCode() + " " + res.body());
      }
    }
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " bad answers, e.g. "
            + failures.subList(0, Math.min(5, failures.size())));
    assertEquals(before, rowCounts(), "the store changed");
  }

  @Test
  void transportErrorsCarryTheRequestIdAndPlainText() throws Exception {
    String listTools = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
    var noSession = post(listTools.getBytes(StandardCharsets.UTF_8), null);
    assertEquals(400, noSession.statusCode());
    assertEquals(7, JSON.readTree(noSession.body()).get("id").asInt(), noSession.body());

    var unknown = post(listTools.getBytes(StandardCharsets.UTF_8), "no-such-session");
    assertEquals(404, unknown.statusCode());
    assertEquals(7, JSON.readTree(unknown.body()).get("id").asInt(), unknown.body());

    String badArgs =
        "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"list_sessions\",\"arguments\":\"not an object\"}}";
    var shape = post(badArgs.getBytes(StandardCharsets.UTF_8), client.sessionId());
    assertEquals(400, shape.statusCode(), shape.body());
    JsonNode body = JSON.readTree(lastData(shape.body()));
    assertEquals("abc", body.get("id").asText(), shape.body());
    assertTrue(body.has("error"), shape.body());
    assertFalse(LEAK.matcher(shape.body()).find(), shape.body());
  }

  @Test
  void paramsAsAnArrayIsAnsweredNotDropped() throws Exception {
    String req = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/list\",\"params\":[]}";
    var res = post(req.getBytes(StandardCharsets.UTF_8), client.sessionId());
    assertEquals(400, res.statusCode());
    JsonNode body = JSON.readTree(res.body());
    assertEquals(41, body.get("id").asInt());
    assertEquals(-32602, body.at("/error/code").asInt());
  }

  private static String judge(MalformedEnvelopes.Case c, HttpResponse<String> res) {
    if (res.statusCode() != 400) {
      return "status " + res.statusCode();
    }
    if (LEAK.matcher(res.body()).find()) {
      return "leaks internals";
    }
    JsonNode body;
    try {
      body = JSON.readTree(res.body());
    } catch (Exception e) {
      return "not JSON";
    }
    if (!"2.0".equals(body.path("jsonrpc").asText())
        || !body.path("error").path("code").isInt()
        || body.path("error").path("message").asText().isBlank()) {
      return "not a JSON-RPC error";
    }
    JsonNode expected =
        c.id() == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : c.id();
    if (!expected.equals(body.get("id"))
        && !(expected.isIntegralNumber()
            && expected.asLong() == body.path("id").asLong()
            && body.path("id").isIntegralNumber())) {
      return "id " + body.get("id") + ", expected " + expected;
    }
    return null;
  }

  private static HttpResponse<String> post(byte[] body, String session) throws Exception {
    var req =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("Authorization", "Bearer " + key)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (session != null) {
      req.header("Mcp-Session-Id", session);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String lastData(String body) {
    String found = body;
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        found = line.substring(5).trim();
      }
    }
    return found;
  }

  private static Map<String, Long> rowCounts() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("synapse.db"))) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        try (ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
          rs.next();
          counts.put(t, rs.getLong(1));
        }
      }
    }
    return counts;
  }
}
