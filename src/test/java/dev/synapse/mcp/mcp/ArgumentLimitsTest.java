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
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every string argument of every tool has a maxLength and every integer a range, enforced by the
 * server (the MCP SDK validates arguments against the input schema before a handler runs); nothing
 * is stored by a refused call.
 */
class ArgumentLimitsTest {
  private static Path dir;
  private static SynapseServer server;
  private static McpTestClient mcp;
  private static String key;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("limits-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("limits", KeyService.DEFAULT_ROLES);
    mcp = new McpTestClient(server.url(), key).initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  static List<JsonNode> tools() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String group : List.of("sessions", "plugins", "runs", "releases", "ray")) {
      try (InputStream in =
          ArgumentLimitsTest.class
              .getClassLoader()
              .getResourceAsStream("tools/" + group + ".json")) {
        new ObjectMapper().readTree(in).forEach(out::add);
      }
    }
    return out;
  }

  private static String error(JsonNode result, String what) {
    assertTrue(result.path("isError").asBoolean(), what + ": " + result);
    String text = result.at("/content/0/text").asText();
    assertFalse(text.contains("\n") || text.contains("Exception"), text);
    return text;
  }

  @Test
  void everyStringArgumentHasACapAndAnOverLongOneIsRefused() throws Exception {
    int checked = 0;
    for (JsonNode tool : tools()) {
      String name = tool.get("name").asText();
      var props = tool.at("/inputSchema/properties").fields();
      while (props.hasNext()) {
        var p = props.next();
        JsonNode schema = p.getValue();
        boolean string =
            schema.path("type").asText().equals("string")
                || schema.path("type").toString().contains("\"string\"");
        if (string && !schema.has("enum")) {
          assertTrue(schema.has("maxLength"), name + "." + p.getKey() + " has no maxLength");
          int max = schema.get("maxLength").asInt();
          String text =
              error(
                  mcp.call(name, Map.of(p.getKey(), "a".repeat(max + 1))), name + "." + p.getKey());
          assertTrue(text.contains("/" + p.getKey() + ": must be at most"), name + ": " + text);
          checked++;
        }
        if (schema.path("type").asText().equals("array")
            && schema.at("/items/type").asText().equals("string")) {
          assertTrue(schema.has("maxItems"), name + "." + p.getKey() + " has no maxItems");
          String text =
              error(
                  mcp.call(name, Map.of(p.getKey(), List.of("a".repeat(100_000)))),
                  name + "." + p.getKey());
          assertTrue(text.contains("/" + p.getKey() + "/0: must be at most 200"), text);
          checked++;
        }
      }
    }
    assertTrue(checked >= 30, "only " + checked + " string arguments");
    assertEquals(0, mcp.call("list_runs", Map.of()).at("/structuredContent/runs").size());
    assertEquals(0, mcp.call("list_sessions", Map.of()).at("/structuredContent/sessions").size());
  }

  @Test
  void everyIntegerHasARangeAndAHugeValueIsRefused() throws Exception {
    BigInteger huge = BigInteger.TWO.pow(64).add(BigInteger.ONE);
    int checked = 0;
    for (JsonNode tool : tools()) {
      String name = tool.get("name").asText();
      var props = tool.at("/inputSchema/properties").fields();
      while (props.hasNext()) {
        var p = props.next();
        if (p.getValue().toString().contains("\"integer\"")) {
          assertTrue(p.getValue().has("maximum"), name + "." + p.getKey() + " has no maximum");
          assertTrue(p.getValue().has("minimum"), name + "." + p.getKey() + " has no minimum");
          String text = error(mcp.call(name, Map.of(p.getKey(), huge)), name + "." + p.getKey());
          assertTrue(text.contains("/" + p.getKey() + ": must have a maximum value of"), text);
          checked++;
        }
      }
    }
    assertTrue(checked >= 8, "only " + checked + " integer arguments");
  }

  @Test
  void aHugeGrepIsAnsweredAtOnce() throws Exception {
    long t0 = System.nanoTime();
    String text =
        error(
            mcp.call(
                "get_run_logs",
                Map.of("run_id", "run_00000000000000000000", "grep", "(a*)*b".repeat(40_000))),
            "grep");
    assertTrue(text.contains("/grep: must be at most 1,000 characters"), text);
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
  }

  @Test
  void restStringFieldsAreCappedToo() throws Exception {
    String body =
        new ObjectMapper()
            .writeValueAsString(
                Map.of(
                    "action", "a".repeat(5000),
                    "plugin_path", "hello",
                    "requirements", List.of("x".repeat(10))));
    var res =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + "/api/plugin_releases/run_debug/"))
                    .header("Authorization", key)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(400, res.statusCode(), res.body());
    assertTrue(res.body().contains("no more than 4096 characters"), res.body());
    assertEquals(0, mcp.call("list_runs", Map.of()).at("/structuredContent/runs").size());
  }
}
