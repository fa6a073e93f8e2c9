package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.agents.Role;
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
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two non-admin keys, A and B: every state-changing tool and route B may call on A's objects
 * (session, run, release, MCP session) is refused, and A's objects are unchanged afterwards.
 */
class OwnershipTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Path dir;
  private static StoreFolder store;
  private static SynapseServer server;
  private static String keyA;
  private static String keyB;
  private static McpTestClient a;
  private static McpTestClient b;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("ownership");
    store = new StoreFolder();
    store.publishHello("7.0.0");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    flags.put("plugin-store", store.root.toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    keyA = server.keys().create("alice", KeyService.DEFAULT_ROLES);
    keyB = server.keys().create("bob", KeyService.DEFAULT_ROLES);
    a = new McpTestClient(server.url(), keyA).initialize();
    b = new McpTestClient(server.url(), keyB).initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    store.delete();
    TempDirs.delete(dir);
  }

  private static JsonNode ok(JsonNode result) {
    return ReleaseServerTest.ok(result);
  }

  private static String refused(JsonNode result, String what) {
    assertTrue(result.path("isError").asBoolean(), what + " was served: " + result);
    String text = result.at("/content/0/text").asText();
    assertFalse(text.contains("\n") || text.contains("Exception"), text);
    return text;
  }

  @Test
  void anotherKeyCannotChangeOrUseWhatAKeyOwns() throws Exception {
    String session =
        ok(a.call("create_session", Map.of("name", "alice's work"))).get("id").asText();
    JsonNode run =
        ok(
            a.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "add",
                    "params",
                    Map.of("a", 1, "b", 2),
                    "session_id",
                    session,
                    "wait_s",
                    30)));
    String runId = run.get("id").asText();
    JsonNode release =
        ok(a.call("create_plugin_release", Map.of("plugin", "hello", "version", "7.0.0")));
    String ref = "hello@7.0.0";
    long releaseId = release.get("id").asLong();

    Map<String, Map<String, Object>> mcpCalls = new LinkedHashMap<>();
    mcpCalls.put("close_session", Map.of("session_id", session));
    mcpCalls.put("reopen_session", Map.of("session_id", session));
    mcpCalls.put("session_heartbeat", Map.of("session_id", session));
    mcpCalls.put("cancel_run", Map.of("run_id", runId));
    mcpCalls.put("wait_run", Map.of("run_id", runId, "wait_s", 0));
    mcpCalls.put("get_run_logs", Map.of("run_id", runId));
    mcpCalls.put(
        "run_plugin",
        Map.of(
            "plugin",
            "hello",
            "action",
            "add",
            "params",
            Map.of("a", 1, "b", 1),
            "session_id",
            session));
    mcpCalls.put("delete_plugin_release", Map.of("lookup", ref));
    mcpCalls.put("list_runs", Map.of("agent", "alice"));
    for (var call : mcpCalls.entrySet()) {
      refused(b.call(call.getKey(), call.getValue()), call.getKey());
    }
    JsonNode reuse =
        b.call(
            "run_plugin",
            Map.of(
                "plugin",
                "hello",
                "action",
                "add",
                "params",
                Map.of("a", 5, "b", 5),
                "run_id",
                runId));
    assertFalse(reuse.toString().contains("\"agent\":\"alice\""), "B was handed A's run: " + reuse);
    assertTrue(
        refused(b.call("delete_plugin_release", Map.of("lookup", ref)), "delete")
            .contains("only that agent or an admin"));
    assertTrue(
        refused(b.call("list_runs", Map.of("agent", "alice")), "list_runs")
            .contains("only an admin"));

    Rest restB = new Rest(server.url(), keyB);
    assertEquals(403, restB.delete("plugin_releases/" + releaseId + "/").status());
    assertEquals(403, restB.delete("plugin_releases/" + ref + "/").status());

    // A's MCP session: B's POST, GET and DELETE on it are 404, as for a session that never was
    for (String method : List.of("POST", "GET", "DELETE")) {
      assertEquals(404, raw(method, keyB, a.sessionId()).statusCode(), method);
    }

    // nothing of A's changed, and A still works in its own MCP session
    JsonNode mine = ok(a.call("get_session", Map.of("session_id", session)));
    assertEquals("active", mine.get("status").asText(), mine.toString());
    assertEquals(
        "succeeded", ok(a.call("get_run", Map.of("run_id", runId))).get("status").asText());
    ok(a.call("get_plugin_release", Map.of("lookup", ref)));
    // B may see the release (read), but only A (or an admin) deletes it
    ok(b.call("get_plugin_release", Map.of("lookup", ref)));
    ok(a.call("delete_plugin_release", Map.of("lookup", ref)));
  }

  @Test
  void anAdminMayDeleteAnyReleaseAndListAnyAgentsRuns() throws Exception {
    store.publishHello("7.1.0");
    ok(a.call("create_plugin_release", Map.of("plugin", "hello", "version", "7.1.0")));
    var admin =
        new McpTestClient(server.url(), server.keys().create("root", EnumSet.of(Role.ADMIN)))
            .initialize();
    ok(admin.call("list_runs", Map.of("agent", "alice")));
    ok(admin.call("delete_plugin_release", Map.of("lookup", "hello@7.1.0")));
  }

  @Test
  void aKeyMayNameItselfInListRuns() throws Exception {
    ok(a.call("list_runs", Map.of("agent", "alice")));
  }

  private static HttpResponse<String> raw(String method, String key, String session)
      throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"checkin\","
            + "\"arguments\":{}}}";
    var req =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/mcp"))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "application/json, text/event-stream")
            .header("Content-Type", "application/json")
            .header("Mcp-Session-Id", session)
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString(body)
                    : HttpRequest.BodyPublishers.noBody());
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }
}
