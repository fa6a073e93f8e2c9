package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plugins and local runs through a real server, over MCP, with the example plugins and real Python.
 */
class RunToolsTest {
  private static Path dir;
  private static SynapseServer server;
  private static McpTestClient client;
  private static McpTestClient other;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("runs-test");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put(
        "plugin-path",
        TestHome.examples() + java.io.File.pathSeparator + TestHome.brokenExamples());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    client =
        new McpTestClient(server.url(), server.keys().create("runner", KeyService.DEFAULT_ROLES))
            .initialize();
    other =
        new McpTestClient(server.url(), server.keys().create("other", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  private static String error(JsonNode result) {
    assertTrue(result.path("isError").asBoolean(), result.toString());
    String text = result.at("/content/0/text").asText();
    assertFalse(
        text.contains("\n") || text.contains("Exception:") || text.contains("at java."), text);
    return text;
  }

  /** Builds the plugin's environment ahead (prepare_environment, in bounded waits) until ready. */
  static void prepared(McpTestClient c, String plugin) throws Exception {
    JsonNode state = null;
    for (int i = 0; i < 8; i++) {
      state = ok(c.call("prepare_environment", Map.of("plugin", plugin, "wait_s", 45)));
      if (!state.get("state").asText().equals("building")) {
        break;
      }
    }
    assertEquals("ready", state.get("state").asText(), state.toString());
  }

  /** Starts a run and waits (in bounded steps, as a client would) until it has ended. */
  private static JsonNode runToEnd(Map<String, Object> args) throws Exception {
    JsonNode run = ok(client.call("run_plugin", args));
    for (int i = 0; i < 6 && !run.get("done").asBoolean(); i++) {
      run = ok(client.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 45)));
    }
    return run;
  }

  private static String id() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static int runCount() throws Exception {
    return ok(client.call("list_runs", Map.of("limit", 500))).get("count").asInt();
  }

  @Test
  void helloAddReturnsItsResultWithinTheWait() throws Exception {
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of("plugin", "hello", "action", "add", "params", Map.of("a", 2, "b", 3))));
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals(5, run.at("/result/sum").asInt());
    assertTrue(run.get("done").asBoolean());
    assertEquals("local", run.get("mode").asText());
    JsonNode again = ok(client.call("get_run", Map.of("run_id", run.get("id").asText())));
    assertEquals(run.get("result"), again.get("result"));
  }

  @Test
  void listAndDescribeShowManifestAndIntrospectedSchemas() throws Exception {
    prepared(client, "trainer");
    JsonNode plugins = ok(client.call("list_plugins", Map.of())).get("plugins");
    assertTrue(plugins.toString().contains("\"code\":\"trainer\""), plugins.toString());
    JsonNode actions = ok(client.call("list_actions", Map.of("plugin", "trainer"))).get("actions");
    assertEquals(2, actions.size());
    JsonNode train =
        ok(client.call("get_action", Map.of("plugin", "trainer", "action", "train"))).get("action");
    assertEquals("pydantic", train.get("schema_source").asText());
    assertEquals("integer", train.at("/params_schema/properties/epochs/type").asText());
    JsonNode add =
        ok(client.call("get_action", Map.of("plugin", "hello@0.1.0", "action", "add")))
            .get("action");
    assertEquals("manifest", add.get("schema_source").asText());
    assertTrue(add.has("ui_schema"), "unknown keys are returned: " + add);
  }

  @Test
  void badRequestsGetOneLineErrorsAndCreateNoRun() throws Exception {
    prepared(client, "trainer");
    int before = runCount();
    assertTrue(
        error(
                client.call(
                    "run_plugin",
                    Map.of("plugin", "hello", "action", "add", "params", Map.of("a", "x", "b", 1))))
            .contains("params.a"));
    assertTrue(
        error(
                client.call(
                    "run_plugin",
                    Map.of("plugin", "trainer", "action", "train", "params", Map.of("epochs", 0))))
            .contains("epochs"));
    assertTrue(
        error(client.call("run_plugin", Map.of("plugin", "nope", "action", "add")))
            .contains("unknown plugin 'nope'"));
    assertTrue(
        error(client.call("run_plugin", Map.of("plugin", "hello", "action", "ad")))
            .contains("has no action 'ad'; actions: "));
    assertTrue(
        error(client.call("run_plugin", Map.of("plugin", "/etc", "action", "add")))
            .contains("outside the plugin roots"));
    assertTrue(
        error(
                client.call(
                    "run_plugin",
                    Map.of(
                        "plugin",
                        "hello",
                        "action",
                        "add",
                        "params",
                        Map.of("a", 1, "b", 2),
                        "mode",
                        "task")))
            .contains("Ray is not configured"));
    assertTrue(
        error(
                client.call(
                    "run_plugin",
                    Map.of(
                        "plugin",
                        "hello",
                        "action",
                        "add",
                        "params",
                        Map.of("a", 1, "b", 2),
                        "session_id",
                        "00000000-0000-0000-0000-000000000000")))
            .contains("not found"));
    assertEquals(before, runCount());
  }

  @Test
  void theSameRunIdNeverStartsASecondRun() throws Exception {
    String rid = id();
    var args =
        Map.<String, Object>of(
            "plugin", "hello", "action", "echo", "params", Map.of("x", 1), "run_id", rid);
    JsonNode first = ok(client.call("run_plugin", args));
    JsonNode second = ok(client.call("run_plugin", args));
    assertEquals(first.get("id"), second.get("id"));
    assertEquals(first.get("created_at"), second.get("created_at"));
    assertEquals(
        1,
        ok(client.call("list_runs", Map.of("plugin", "hello", "limit", 500)))
            .get("runs")
            .findValues("id")
            .stream()
            .filter(n -> n.asText().equals(rid))
            .count());
    assertTrue(error(other.call("run_plugin", args)).contains("already used"));
    assertTrue(error(other.call("get_run", Map.of("run_id", rid))).contains("not found"));
  }

  @Test
  void progressReachesTheClientAndMetricsTheRecord() throws Exception {
    prepared(client, "trainer");
    List<JsonNode> messages =
        client.callWithProgress(
            "run_plugin",
            Map.of(
                "plugin",
                "trainer",
                "action",
                "train",
                "params",
                Map.of("epochs", 3),
                "mode",
                "local"));
    long progress =
        messages.stream()
            .filter(m -> "notifications/progress".equals(m.path("method").asText()))
            .count();
    assertTrue(progress >= 3, "progress notifications: " + messages);
    JsonNode run = messages.get(messages.size() - 1).at("/result/structuredContent");
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals(3, run.at("/progress/total").asInt());
    assertTrue(run.at("/metrics").toString().contains("loss"), run.toString());
  }

  @Test
  void unfinishedRunsReturnAtOnceAndCancelKillsTheProcess() throws Exception {
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "sleep",
                    "params",
                    Map.of("seconds", 60),
                    "wait_s",
                    2)));
    assertEquals("running", run.get("status").asText(), run.toString());
    assertFalse(run.get("done").asBoolean());
    assertTrue(run.get("message").asText().contains("wait_run"), run.get("message").asText());
    long pid = run.at("/handle/pid").asLong();
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    JsonNode waited =
        ok(client.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 1)));
    assertTrue(waited.at("/progress/current").asInt() >= 1, waited.toString());
    JsonNode cancelled = ok(client.call("cancel_run", Map.of("run_id", run.get("id").asText())));
    assertEquals("cancelled", cancelled.get("status").asText());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void timeoutFailsTheRunAndKillsTheProcess() throws Exception {
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "sleep",
                    "params",
                    Map.of("seconds", 60),
                    "timeout_s",
                    2,
                    "wait_s",
                    20)));
    assertEquals("failed", run.get("status").asText(), run.toString());
    assertEquals("timed out after 2 s", run.get("error").asText());
    long pid = run.at("/handle/pid").asLong();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void anExceptionFailsTheRunWithTypeAndMessageAndTheTracebackInTheLogs() throws Exception {
    JsonNode run =
        ok(
            client.call(
                "run_plugin", Map.of("plugin", "hello", "action", "fail", "params", Map.of())));
    assertEquals("failed", run.get("status").asText());
    assertTrue(run.get("error").asText().startsWith("ValueError: "), run.get("error").asText());
    JsonNode logs =
        ok(
            client.call(
                "get_run_logs", Map.of("run_id", run.get("id").asText(), "grep", "ValueError: ")));
    assertTrue(logs.get("lines").size() >= 1, logs.toString());
    // grep is a literal substring: regex syntax matches nothing and is never an error
    JsonNode literal =
        ok(
            client.call(
                "get_run_logs",
                Map.of("run_id", run.get("id").asText(), "grep", "Traceback|ValueError")));
    assertEquals(0, literal.get("lines").size(), literal.toString());
    JsonNode tail =
        ok(client.call("get_run_logs", Map.of("run_id", run.get("id").asText(), "tail", 1)));
    assertEquals(1, tail.get("lines").size());
    // a pathological pattern costs one linear scan, and an over-long one is refused at once
    long t0 = System.nanoTime();
    JsonNode nested =
        ok(
            client.call(
                "get_run_logs",
                Map.of("run_id", run.get("id").asText(), "grep", "(a+)+".repeat(150) + "b")));
    assertEquals(0, nested.get("lines").size());
    String tooLong =
        error(
            client.call(
                "get_run_logs",
                Map.of("run_id", run.get("id").asText(), "grep", "a".repeat(200_000))));
    assertTrue(tooLong.contains("at most 1,000"), tooLong);
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "grep calls took over 5 s");
  }

  @Test
  void aPluginWithAPyPiRequirementGetsItsOwnReusedEnvironment() throws Exception {
    JsonNode run =
        runToEnd(
            Map.of(
                "plugin",
                "textstats",
                "action",
                "slug",
                "params",
                Map.of("text", "Hello World!"),
                "wait_s",
                45));
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals("hello-world", run.at("/result/slug").asText());
    var environments = readyEnvironments();
    // environments are addressed by content: textstats' is the one whose ready mark lists its pin
    assertTrue(
        environments.keySet().stream()
            .anyMatch(
                k -> {
                  try {
                    return java.nio.file.Files.readString(
                            TestHome.shared().resolve("venvs").resolve(k).resolve(".synapse-ready"))
                        .contains("python-slugify==8.0.4");
                  } catch (java.io.IOException e) {
                    return false;
                  }
                }),
        "textstats has its own environment: " + environments);
    JsonNode second =
        ok(
            client.call(
                "run_plugin",
                Map.of("plugin", "textstats", "action", "slug", "params", Map.of("text", "A b"))));
    assertEquals("a-b", second.at("/result/slug").asText());
    assertEquals(environments, readyEnvironments(), "no environment created or rebuilt");
    JsonNode setup =
        ok(
            client.call(
                "get_run_logs", Map.of("run_id", second.get("id").asText(), "stream", "setup")));
    assertEquals(0, setup.get("lines").size(), "the second run installed again: " + setup);
  }

  /** Each ready virtualenv under the shared home: its folder and when it was made ready. */
  private static Map<String, java.nio.file.attribute.FileTime> readyEnvironments()
      throws Exception {
    Map<String, java.nio.file.attribute.FileTime> out = new java.util.TreeMap<>();
    try (var dirs = java.nio.file.Files.list(TestHome.shared().resolve("venvs"))) {
      for (var d : (Iterable<java.nio.file.Path>) dirs::iterator) {
        var ready = d.resolve(".synapse-ready");
        if (java.nio.file.Files.exists(ready)) {
          out.put(d.getFileName().toString(), java.nio.file.Files.getLastModifiedTime(ready));
        }
      }
    }
    return out;
  }

  @Test
  void anActionThatCannotBeImportedIsReportedWithoutHidingTheOthers() throws Exception {
    JsonNode plugins = ok(client.call("list_plugins", Map.of())).get("plugins");
    JsonNode badYaml = null;
    for (JsonNode p : plugins) {
      if (p.path("path").asText().endsWith("bad-yaml")) {
        badYaml = p;
      }
    }
    assertTrue(
        badYaml != null && badYaml.get("error").asText().contains("YAML"), plugins.toString());
    JsonNode actions =
        ok(client.call("list_actions", Map.of("plugin", "bad-import"))).get("actions");
    String broken = null;
    String fine = null;
    for (JsonNode a : actions) {
      JsonNode described =
          ok(client.call(
                  "get_action", Map.of("plugin", "bad-import", "action", a.get("name").asText())))
              .get("action");
      if (described.hasNonNull("error")) {
        broken = a.get("name").asText();
        assertTrue(described.get("error").asText().contains("Error"), described.toString());
      } else {
        fine = a.get("name").asText();
      }
    }
    assertTrue(broken != null && fine != null, actions.toString());
    assertTrue(
        error(client.call("run_plugin", Map.of("plugin", "bad-import", "action", broken)))
            .contains("cannot be loaded"));
  }

  @Test
  void setupLogsAreKeptApartFromTheActionsOwnLogs() throws Exception {
    JsonNode run =
        runToEnd(
            Map.of(
                "plugin",
                "textstats",
                "action",
                "slug",
                "params",
                Map.of("text", "Setup Logs"),
                "requirements",
                // a requirement set no earlier run used (that version never existed): this run
                // builds its own
                // environment, so it has setup logs whatever the shared cache already holds
                List.of("text-unidecode>=1.3,!=0.0." + System.nanoTime()),
                "wait_s",
                45));
    assertEquals("setup-logs", run.at("/result/slug").asText(), run.toString());
    JsonNode setup =
        ok(
            client.call(
                "get_run_logs", Map.of("run_id", run.get("id").asText(), "stream", "setup")));
    assertTrue(setup.get("lines").toString().contains("text-unidecode"), setup.toString());
    JsonNode action = ok(client.call("get_run_logs", Map.of("run_id", run.get("id").asText())));
    assertFalse(action.get("lines").toString().contains("text-unidecode"), action.toString());
  }

  @Test
  void checkinListsPluginsAndRecentRuns() throws Exception {
    ok(
        client.call(
            "run_plugin",
            Map.of("plugin", "hello", "action", "add", "params", Map.of("a", 1, "b", 1))));
    JsonNode checkin = ok(client.call("checkin", Map.of()));
    assertTrue(checkin.get("plugins").size() >= 3, checkin.toString());
    assertTrue(checkin.at("/runs/recent").size() >= 1, checkin.toString());
  }
}
