package dev.synapse.mcp.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.MutableClock;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every tool's title and four hints, checked against the table below; every tool the table calls
 * read-only is then called against a populated database and must leave every row as it was.
 */
class ToolAnnotationsTest {
  /** readOnly, destructive, idempotent, openWorld. */
  private record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean open) {}

  private static final Map<String, Hints> TABLE = new TreeMap<>();

  static {
    hints("checkin", true, false, true, false);
    hints("create_session", false, false, false, false);
    hints("claim_session", false, false, true, false);
    hints("list_sessions", true, false, true, false);
    hints("get_session", true, false, true, false);
    hints("close_session", false, false, true, false);
    hints("reopen_session", false, false, true, false);
    hints("session_heartbeat", false, false, true, false);
    hints("list_plugins", true, false, true, false);
    hints("list_actions", true, false, true, false);
    hints("get_action", true, false, true, false);
    hints("prepare_environment", false, false, true, true);
    hints("list_ray_actors", true, false, true, false);
    hints("stop_ray_actor", false, true, true, false);
    hints("list_plugin_releases", true, false, true, false);
    hints("get_plugin_release", true, false, true, false);
    hints("create_plugin_release", false, false, true, true);
    hints("delete_plugin_release", false, true, true, false);
    hints("run_plugin_release", false, false, false, true);
    hints("run_debug_plugin_release", false, false, false, true);
    hints("run_plugin", false, false, false, true);
    hints("wait_run", true, false, true, false);
    hints("get_run", true, false, true, false);
    hints("list_runs", true, false, true, false);
    hints("get_run_logs", true, false, true, false);
    hints("cancel_run", false, true, true, false);
  }

  private static void hints(
      String tool, boolean ro, boolean destructive, boolean idem, boolean ow) {
    TABLE.put(tool, new Hints(ro, destructive, idem, ow));
  }

  private static Path dir;
  private static MutableClock clock;
  private static SynapseServer server;
  private static McpTestClient client;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("annotations-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    clock = new MutableClock(Instant.now());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), clock);
    client =
        new McpTestClient(server.url(), server.keys().create("reader", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  @Test
  void everyToolHasTheTitleAndHintsOfTheTable() throws Exception {
    JsonNode tools = client.request("tools/list", Map.of()).at("/result/tools");
    Map<String, Hints> served = new TreeMap<>();
    for (JsonNode tool : tools) {
      String name = tool.get("name").asText();
      assertFalse(tool.path("title").asText().isBlank(), name + " has no title");
      JsonNode a = tool.get("annotations");
      assertTrue(a != null && a.isObject(), name + " has no annotations");
      for (String hint :
          List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")) {
        assertTrue(a.path(hint).isBoolean(), name + " lacks " + hint);
      }
      served.put(
          name,
          new Hints(
              a.get("readOnlyHint").asBoolean(),
              a.get("destructiveHint").asBoolean(),
              a.get("idempotentHint").asBoolean(),
              a.get("openWorldHint").asBoolean()));
    }
    assertEquals(TABLE, served);
  }

  @Test
  void logsDeclareClaudeCodesResultSizeKey() throws Exception {
    JsonNode tools = client.request("tools/list", Map.of()).at("/result/tools");
    for (JsonNode tool : tools) {
      if (tool.get("name").asText().equals("get_run_logs")) {
        int max = tool.at("/_meta/anthropic~1maxResultSizeChars").asInt();
        assertTrue(max >= 40_000, tool.toString());
        return;
      }
    }
    throw new AssertionError("get_run_logs is not listed");
  }

  @Test
  void readOnlyToolsChangeNoRow() throws Exception {
    JsonNode session =
        ok(client.call("create_session", Map.of("name", "annotated", "description", "hints")));
    String sessionId = session.get("id").asText();
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "add",
                    "params",
                    Map.of("a", 2, "b", 3),
                    "session_id",
                    sessionId,
                    "wait_s",
                    45)));
    assertTrue(run.get("done").asBoolean(), run.toString());
    String runId = run.get("id").asText();
    // Two hours later the session reads as inactive: a read that persisted that would show.
    clock.advance(Duration.ofHours(2));

    Map<String, Map<String, Object>> calls = new LinkedHashMap<>();
    calls.put("checkin", Map.of());
    calls.put("list_sessions", Map.of());
    calls.put("get_session", Map.of("session_id", sessionId));
    calls.put("list_plugins", Map.of());
    calls.put("list_actions", Map.of("plugin", "hello"));
    calls.put("get_action", Map.of("plugin", "hello", "action", "add"));
    calls.put("list_ray_actors", Map.of());
    calls.put("list_plugin_releases", Map.of());
    calls.put("get_plugin_release", Map.of("lookup", "hello@1.0.0"));
    calls.put("wait_run", Map.of("run_id", runId, "wait_s", 1));
    calls.put("get_run", Map.of("run_id", runId));
    calls.put("list_runs", Map.of());
    calls.put("get_run_logs", Map.of("run_id", runId));
    List<String> readOnly = new ArrayList<>();
    TABLE.forEach((tool, h) -> (h.readOnly() ? readOnly : new ArrayList<String>()).add(tool));
    assertEquals(new TreeMap<>(calls).keySet(), new java.util.TreeSet<>(readOnly));

    String before = rows();
    for (var call : calls.entrySet()) {
      client.call(call.getKey(), call.getValue());
      assertEquals(before, rows(), call.getKey() + " is read-only but changed a row");
    }
    // The snapshot sees writes: a heartbeat (not read-only) changes the session's row.
    ok(client.call("session_heartbeat", Map.of("session_id", sessionId)));
    assertFalse(before.equals(rows()), "the row snapshot misses writes");
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  /** Every row of every table, as text. */
  private static String rows() throws Exception {
    var out = new StringBuilder();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
        var tables =
            c.createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      for (String table : names) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          out.append(table).append('\n');
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              out.append(rs.getString(i)).append('|');
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }
}
