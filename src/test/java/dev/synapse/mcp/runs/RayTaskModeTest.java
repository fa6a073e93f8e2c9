package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * task mode against a real Ray head, over MCP: warm actors, requirements, cancel, timeout, kill.
 * Here through the Java driver on Ray 2.39.0; {@code RayTaskModePythonDriverTest} runs the same
 * tests through the Python driver on the newest Ray.
 */
class RayTaskModeTest {
  private static Path dir;
  private static SynapseServer server;
  private static McpTestClient client;
  private static RayTestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    if (!RayTestCluster.installed()) {
      return; // each test then skips on its own, and is counted as skipped
    }
    begin(RayTestCluster.shared());
  }

  /** Starts the class's server against {@code ray}. */
  static void begin(RayTestCluster ray) throws Exception {
    cluster = ray;
    dir = TempDirs.create("ray-task-test");
    server = RayRuns.server(cluster, dir);
    client =
        new McpTestClient(server.url(), server.keys().create("tasker", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @BeforeEach
  void needsRay() {
    RayTestCluster.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(Duration.ofSeconds(5));
    }
    TempDirs.delete(dir);
  }

  private static JsonNode run(String plugin, String action, Map<String, Object> params, String mode)
      throws Exception {
    return RayRuns.run(client, plugin, action, params, mode, null);
  }

  @Test
  void taskModeGivesTheResultsOfLocalModeAndReusesTheWarmActor() throws Exception {
    Map<String, Object> params = Map.of("a", 2, "b", 3.5);
    JsonNode local = run("hello", "add", params, "local");
    JsonNode first = run("hello", "add", params, "task");
    JsonNode second = run("hello", "add", params, "task");
    assertEquals("succeeded", first.get("status").asText(), first.toString());
    assertEquals("task", first.get("mode").asText());
    assertEquals(RayRuns.present(local, "/result"), first.get("result"));
    assertEquals(RayRuns.present(local, "/result"), second.get("result"));
    assertEquals(
        RayRuns.present(first, "/handle/actor"), second.at("/handle/actor"), second.toString());
    assertEquals(
        RayRuns.present(first, "/handle/pid"),
        second.at("/handle/pid"),
        "the warm actor is reused");

    JsonNode trainLocal = run("trainer", "train", Map.of("epochs", 2, "lr", 0.02), "local");
    JsonNode trainTask = run("trainer", "train", Map.of("epochs", 2, "lr", 0.02), "task");
    assertEquals("succeeded", trainTask.get("status").asText(), trainTask.toString());
    assertEquals(RayRuns.present(trainLocal, "/result/metrics"), trainTask.at("/result/metrics"));
    assertEquals(2, trainTask.at("/progress/current").asInt(), trainTask.toString());
    assertEquals(
        RayRuns.present(trainLocal, "/metrics/train/loss"), trainTask.at("/metrics/train/loss"));
    JsonNode logs =
        RayRuns.ok(client.call("get_run_logs", Map.of("run_id", trainTask.get("id").asText())));
    assertTrue(logs.get("lines").toString().contains("epoch 2/2"), logs.toString());
  }

  @Test
  void whatAnActionPrintsReachesTheRunLog() throws Exception {
    JsonNode run = run("hello", "echo", Map.of("message", "hi"), "task");
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    JsonNode logs =
        RayRuns.ok(client.call("get_run_logs", Map.of("run_id", run.get("id").asText())));
    assertTrue(logs.get("lines").toString().contains("echo says:"), logs.toString());
  }

  @Test
  void healthAndCheckinReportRayReachable() throws Exception {
    var res =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + "/api/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
    assertTrue(health.at("/executors/task/available").asBoolean(), health.toString());
    assertTrue(health.at("/executors/job/available").asBoolean(), health.toString());
    JsonNode checkin = RayRuns.ok(client.call("checkin", Map.of()));
    assertEquals(
        cluster.rayVersion(),
        checkin.at("/executors/job/ray_version").asText(),
        checkin.toString());
  }

  @Test
  void progressReachesTheRunWhileTheActionWorks() throws Exception {
    JsonNode running = RayRuns.startSleep(client, 4, "task", 0);
    String id = running.get("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode r = RayRuns.ok(client.call("get_run", Map.of("run_id", id)));
              return r.at("/progress/current").asInt() >= 1 && !r.get("done").asBoolean();
            });
    JsonNode end = RayRuns.await(client, id);
    assertEquals("succeeded", end.get("status").asText(), end.toString());
  }

  @Test
  void theWarmActorOutlivesAServerRestart() throws Exception {
    JsonNode before = run("hello", "add", Map.of("a", 1, "b", 2), "task");
    server.stop(Duration.ofSeconds(5));
    server = RayRuns.server(cluster, dir);
    client =
        new McpTestClient(server.url(), server.keys().create("tasker2", KeyService.DEFAULT_ROLES))
            .initialize();
    JsonNode after = run("hello", "add", Map.of("a", 1, "b", 2), "task");
    assertEquals("succeeded", after.get("status").asText(), after.toString());
    assertEquals(
        RayRuns.present(before, "/handle/pid"),
        after.at("/handle/pid"),
        "the same actor serves it");
  }

  @Test
  void theManifestMethodIsTheDefaultMode() throws Exception {
    JsonNode run = run("hello", "add", Map.of("a", 1, "b", 1), null);
    assertEquals("task", run.get("mode").asText(), run.toString());
    assertEquals(2, run.at("/result/sum").asInt());
  }

  @Test
  void aPluginWithAPypiRequirementRunsInItsOwnEnvironment() throws Exception {
    JsonNode run = run("textstats", "slug", Map.of("text", "Hello Ray World"), "task");
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals("hello-ray-world", run.at("/result/slug").asText());
  }

  @Test
  void cancelStopsTheRunAndTheNextRunGetsAFreshActor() throws Exception {
    JsonNode before = run("hello", "add", Map.of("a", 1, "b", 2), "task");
    JsonNode running = RayRuns.startSleep(client, 60, "task", 3);
    assertEquals("running", running.get("status").asText(), running.toString());
    JsonNode cancelled =
        RayRuns.ok(client.call("cancel_run", Map.of("run_id", running.get("id").asText())));
    assertEquals("cancelled", cancelled.get("status").asText(), cancelled.toString());
    JsonNode after = run("hello", "add", Map.of("a", 1, "b", 2), "task");
    assertEquals("succeeded", after.get("status").asText(), after.toString());
    assertNotEquals(before.at("/handle/pid"), after.at("/handle/pid"), "a new actor serves it");
  }

  @Test
  void aTimeoutFailsTheRunWithItsReason() throws Exception {
    JsonNode run =
        RayRuns.run(
            client, "hello", "sleep", Map.of("seconds", 30), "task", Map.of("timeout_s", 2));
    assertEquals("failed", run.get("status").asText(), run.toString());
    assertTrue(run.get("error").asText().contains("timed out after 2 s"), run.toString());
  }

  @Test
  void aKilledActorFailsItsRunAndIsRecreatedOnTheNextCall() throws Exception {
    JsonNode running = RayRuns.startSleep(client, 60, "task", 3);
    String id = running.get("id").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                RayRuns.ok(client.call("get_run", Map.of("run_id", id))).at("/handle/pid").asLong()
                    > 0);
    long pid = RayRuns.ok(client.call("get_run", Map.of("run_id", id))).at("/handle/pid").asLong();
    new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
    JsonNode failed = RayRuns.await(client, id);
    assertEquals("failed", failed.get("status").asText(), failed.toString());
    assertTrue(failed.get("error").asText().contains("died"), failed.toString());

    JsonNode next = run("hello", "add", Map.of("a", 4, "b", 5), "task");
    assertEquals("succeeded", next.get("status").asText(), next.toString());
    assertEquals(9, next.at("/result/sum").asInt());
    assertNotEquals(pid, next.at("/handle/pid").asLong());
  }

  @Test
  void warmActorsAreListedAndStopped() throws Exception {
    JsonNode run = run("hello", "add", Map.of("a", 1, "b", 2), "task");
    String name = run.at("/handle/actor").asText();
    JsonNode list = RayRuns.ok(client.call("list_ray_actors", Map.of()));
    JsonNode mine = null;
    for (JsonNode a : list.get("actors")) {
      if (a.get("name").asText().equals(name)) {
        mine = a;
      }
    }
    assertTrue(mine != null, list.toString());
    assertEquals("hello@0.1.0", mine.get("plugin").asText());
    assertEquals(run.at("/handle/pid").asLong(), mine.get("pid").asLong());
    var other =
        new McpTestClient(
                server.url(),
                server.keys().create("other-" + System.nanoTime(), KeyService.DEFAULT_ROLES))
            .initialize();
    JsonNode refused = other.call("stop_ray_actor", Map.of("name", name));
    assertTrue(
        refused.path("isError").asBoolean()
            && refused.toString().contains("not started by your runs"),
        refused.toString());
    JsonNode stopped = RayRuns.ok(client.call("stop_ray_actor", Map.of("name", name)));
    assertTrue(stopped.get("stopped").asBoolean());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !RayRuns.ok(client.call("list_ray_actors", Map.of()))
                    .toString()
                    .contains("\"" + name + "\""));
    JsonNode bad = client.call("stop_ray_actor", Map.of("name", "nope"));
    assertTrue(bad.path("isError").asBoolean(), bad.toString());
    assertFalse(bad.toString().contains("Exception"), bad.toString());
  }

  /** Helpers shared by the Ray test classes. */
  static final class RayRuns {
    private RayRuns() {}

    static SynapseServer server(RayTestCluster cluster, Path dir) {
      Map<String, String> flags = new HashMap<>();
      flags.put("port", "0");
      flags.put("db", dir.resolve("s.db").toString());
      flags.put("home", TestHome.shared().toString());
      flags.put("plugin-path", TestHome.examples().toString());
      return SynapseServer.start(ServerConfig.resolve(cluster.env(), flags), Clock.systemUTC());
    }

    /** node.at(pointer), failing when it is missing or null: two missing values compare equal. */
    static JsonNode present(JsonNode node, String pointer) {
      JsonNode v = node.at(pointer);
      assertFalse(v.isMissingNode() || v.isNull(), pointer + " missing in " + node);
      return v;
    }

    static JsonNode ok(JsonNode result) {
      assertFalse(result.path("isError").asBoolean(), result.toString());
      return result.get("structuredContent");
    }

    static JsonNode run(
        McpTestClient client,
        String plugin,
        String action,
        Map<String, Object> params,
        String mode,
        Map<String, Object> extra)
        throws Exception {
      Map<String, Object> args = new HashMap<>();
      args.put("plugin", plugin);
      args.put("action", action);
      args.put("params", params);
      args.put("wait_s", 45);
      if (mode != null) {
        args.put("mode", mode);
      }
      if (extra != null) {
        args.putAll(extra);
      }
      JsonNode run = ok(client.call("run_plugin", args));
      return run.get("done").asBoolean() ? run : await(client, run.get("id").asText());
    }

    /**
     * Starts hello's sleep action and returns after at most {@code waitS}, usually while it still
     * runs.
     */
    static JsonNode startSleep(McpTestClient client, int seconds, String mode, int waitS)
        throws Exception {
      return ok(
          client.call(
              "run_plugin",
              Map.of(
                  "plugin",
                  "hello",
                  "action",
                  "sleep",
                  "params",
                  Map.of("seconds", seconds),
                  "mode",
                  mode,
                  "wait_s",
                  waitS)));
    }

    static JsonNode await(McpTestClient client, String id) throws Exception {
      long deadline = System.currentTimeMillis() + 240_000;
      JsonNode run;
      do {
        run = ok(client.call("wait_run", Map.of("run_id", id, "wait_s", 30)));
      } while (!run.get("done").asBoolean() && System.currentTimeMillis() < deadline);
      return run;
    }
  }
}
