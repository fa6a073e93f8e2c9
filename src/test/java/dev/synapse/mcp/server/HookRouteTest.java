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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hooks' REST surface on a real server: one request per hook event. */
class HookRouteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SESSION = Pattern.compile("Synapse session id: ([0-9a-f-]{36})");
  private static Path dir;
  private static SynapseServer server;
  private static String key;

  @BeforeAll
  static void start() {
    dir = TempDirs.create("hook-route-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("hooker", KeyService.DEFAULT_ROLES);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(2));
    TempDirs.delete(dir);
  }

  private static HttpResponse<String> hook(String event, Object body, String withKey)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/hooks/" + event))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (withKey != null) {
      b.header("Authorization", "Bearer " + withKey);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> payload(String cc, Object... kv) {
    Map<String, Object> p = new HashMap<>();
    p.put("session_id", cc);
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return Map.of("payload", p);
  }

  private static String sessionIn(HttpResponse<String> r) throws Exception {
    JsonNode out = JSON.readTree(r.body());
    Matcher m = SESSION.matcher(out.at("/hookSpecificOutput/additionalContext").asText());
    assertTrue(m.find(), r.body());
    return m.group(1);
  }

  @Test
  void withoutAKeyTheHookRouteIsRefused() throws Exception {
    assertEquals(401, hook("spawn", payload("x"), null).statusCode());
  }

  @Test
  void backgroundSpawnsGetTheirOwnDescriptionsAndSitUnderTheLead() throws Exception {
    String cc = UUID.randomUUID().toString();
    var start =
        hook(
            "session-start",
            new HashMap<>(
                Map.of(
                    "payload",
                    Map.of("session_id", cc, "source", "startup"),
                    "pid",
                    4242,
                    "process_start",
                    "Mon 1")),
            key);
    assertEquals(200, start.statusCode(), start.body());
    JsonNode ctx = JSON.readTree(start.body()).at("/hookSpecificOutput");
    assertEquals("SessionStart", ctx.get("hookEventName").asText());
    assertTrue(ctx.get("additionalContext").asText().contains("agent \"hooker\""), start.body());
    for (int i = 1; i <= 3; i++) {
      var r =
          hook(
              "spawn",
              payload(
                  cc,
                  "tool_use_id",
                  "toolu_" + i,
                  "tool_input",
                  Map.of(
                      "description",
                      "task number " + i,
                      "subagent_type",
                      "general-purpose",
                      "run_in_background",
                      true)),
              key);
      assertEquals(204, r.statusCode(), r.body());
      assertEquals("", r.body());
    }
    // async_launched keys in another order; SubagentStart of agent c first of all.
    String[][] keys = {{"toolu_2", "agentc"}, {"toolu_3", "agenta"}, {"toolu_1", "agentb"}};
    long t0 = System.nanoTime();
    String sc =
        sessionIn(
            hook(
                "subagent-start",
                payload(cc, "agent_id", "agentc", "agent_type", "general-purpose"),
                key));
    long waitedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(
        waitedMs < 2500,
        "SubagentStart answers at once, without waiting for the key: took " + waitedMs + " ms");
    for (String[] k : keys) {
      var r =
          hook(
              "spawned",
              payload(
                  cc,
                  "tool_use_id",
                  k[0],
                  "tool_response",
                  Map.of("status", "async_launched", "agentId", k[1])),
              key);
      assertEquals(204, r.statusCode(), r.body());
    }
    String sa =
        sessionIn(
            hook(
                "subagent-start",
                payload(cc, "agent_id", "agenta", "agent_type", "general-purpose"),
                key));
    String sb =
        sessionIn(
            hook(
                "subagent-start",
                payload(cc, "agent_id", "agentb", "agent_type", "general-purpose"),
                key));
    var client = new McpTestClient(server.url(), key).initialize();
    Map<String, String> want =
        Map.of(sa, "task number 3", sb, "task number 1", sc, "task number 2");
    for (var e : want.entrySet()) {
      JsonNode s =
          client.call("get_session", Map.of("session_id", e.getKey())).get("structuredContent");
      assertEquals(e.getValue(), s.get("description").asText());
      assertEquals("exact", s.get("pairing").asText(), s.toString());
    }
    JsonNode list = client.call("list_sessions", Map.of()).get("structuredContent");
    JsonNode lead = null;
    for (JsonNode s : list.get("sessions")) {
      if (s.has("subagents")) {
        lead = s;
      }
      assertFalse(
          List.of(sa, sb, sc).contains(s.get("id").asText()), "children only under the lead");
    }
    assertTrue(lead != null && lead.get("subagents").size() == 3, list.toString());
    assertEquals("active", lead.get("subagents").get(0).get("status").asText());
    assertTrue(lead.get("subagents").get(0).has("last_active_at"));
    assertEquals(204, hook("subagent-stop", payload(cc, "agent_id", "agenta"), key).statusCode());
    JsonNode stopped =
        client.call("get_session", Map.of("session_id", sa)).get("structuredContent");
    assertEquals("stopped", stopped.get("closed_reason").asText());
    assertEquals(204, hook("session-end", payload(cc), key).statusCode());
    for (String id : List.of(sb, sc)) {
      JsonNode s = client.call("get_session", Map.of("session_id", id)).get("structuredContent");
      assertEquals("ended", s.get("closed_reason").asText(), s.toString());
    }
  }

  @Test
  void sessionStartReapsTheGivenDeadClaudeSessions() throws Exception {
    String dead = UUID.randomUUID().toString();
    hook("session-start", payload(dead, "source", "startup"), key);
    hook("spawn", payload(dead, "tool_use_id", "t1", "tool_input", Map.of("name", "w")), key);
    String w =
        sessionIn(
            hook(
                "subagent-start",
                payload(dead, "agent_id", "aw", "agent_type", "general-purpose"),
                key));
    String next = UUID.randomUUID().toString();
    var r =
        hook(
            "session-start",
            Map.of(
                "payload", Map.of("session_id", next, "source", "startup"), "reap", List.of(dead)),
            key);
    assertEquals(200, r.statusCode(), r.body());
    var client = new McpTestClient(server.url(), key).initialize();
    JsonNode s = client.call("get_session", Map.of("session_id", w)).get("structuredContent");
    assertEquals("closed", s.get("status").asText());
    assertEquals("orphaned", s.get("closed_reason").asText());
  }

  @Test
  void badEventsAndBodiesGetOneCleanLine() throws Exception {
    var unknown = hook("explode", payload("x"), key);
    assertEquals(400, unknown.statusCode());
    assertTrue(
        JSON.readTree(unknown.body())
            .get("message")
            .asText()
            .startsWith("unknown hook event 'explode'"));
    var noPayload = hook("spawn", Map.of("x", 1), key);
    assertEquals(400, noPayload.statusCode());
    var badId = hook("spawn", payload("id with spaces", "tool_use_id", "t"), key);
    assertEquals(400, badId.statusCode());
    assertEquals(
        "session_id must be 1-200 letters, digits or _ . : - characters",
        JSON.readTree(badId.body()).get("message").asText());
    for (var r : List.of(unknown, noPayload, badId)) {
      assertFalse(r.body().contains("Exception") || r.body().contains("dev.synapse"), r.body());
    }
  }

  @Test
  void claimSessionToolReusesAndReportsTheAction() throws Exception {
    var client = new McpTestClient(server.url(), key).initialize();
    Map<String, Object> args =
        Map.of("claude_session_id", "cc-tool", "agent_id", "a1", "name", "tooled", "pid", 77);
    JsonNode first = client.call("claim_session", args).get("structuredContent");
    assertEquals("created", first.get("action").asText(), first.toString());
    JsonNode again = client.call("claim_session", args).get("structuredContent");
    assertEquals("reused", again.get("action").asText());
    assertEquals(first.at("/session/id"), again.at("/session/id"));
    JsonNode bad =
        client.call("claim_session", Map.of("claude_session_id", "cc", "pairing", "guess"));
    assertTrue(bad.get("isError").asBoolean(), bad.toString());
  }
}
