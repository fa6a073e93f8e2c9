package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.runs.RayTaskModeTest.RayRuns;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * job mode against a real Ray head: submission, results from the job's log, requirements, cancel,
 * timeout, and a server restart in the middle of a job.
 */
class RayJobModeTest {
  private static Path dir;
  private static RayTestCluster cluster;
  private static SynapseServer server;
  private static McpTestClient client;
  private static String key;

  @BeforeAll
  static void start() throws Exception {
    if (!RayTestCluster.installed()) {
      return; // each test then skips on its own, and is counted as skipped
    }
    cluster = RayTestCluster.shared();
    dir = TempDirs.create("ray-job-test");
    server = RayRuns.server(cluster, dir);
    key = server.keys().create("jobber", KeyService.DEFAULT_ROLES);
    client = new McpTestClient(server.url(), key).initialize();
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
  void jobModeGivesTheResultsOfLocalMode() throws Exception {
    JsonNode local = run("hello", "add", Map.of("a", 2, "b", 3.5), "local");
    JsonNode job = run("hello", "add", Map.of("a", 2, "b", 3.5), "job");
    assertEquals("succeeded", job.get("status").asText(), job.toString());
    assertEquals("job", job.get("mode").asText());
    assertEquals(RayRuns.present(local, "/result"), job.get("result"));
    assertEquals(job.get("id").asText(), RayRuns.present(job, "/handle/submission_id").asText());
    JsonNode logs =
        RayRuns.ok(client.call("get_run_logs", Map.of("run_id", job.get("id").asText())));
    assertTrue(logs.get("lines").toString().contains("[info] adding"), logs.toString());

    JsonNode trainLocal = run("trainer", "train", Map.of("epochs", 2, "lr", 0.02), "local");
    // trainer's train declares method: job, so no mode means job
    JsonNode train = run("trainer", "train", Map.of("epochs", 2, "lr", 0.02), null);
    assertEquals("job", train.get("mode").asText());
    assertEquals("succeeded", train.get("status").asText(), train.toString());
    assertEquals(RayRuns.present(trainLocal, "/result/metrics"), train.at("/result/metrics"));
    assertEquals(2, train.at("/progress/current").asInt(), train.toString());
  }

  @Test
  void aPluginWithAPypiRequirementRunsInItsRuntimeEnv() throws Exception {
    JsonNode run = run("textstats", "slug", Map.of("text", "Jobs On Ray", "separator", "_"), "job");
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals("jobs_on_ray", run.at("/result/slug").asText());
  }

  @Test
  void anActionErrorFailsTheRunWithItsMessage() throws Exception {
    JsonNode run = run("hello", "fail", Map.of(), "job");
    assertEquals("failed", run.get("status").asText(), run.toString());
    assertTrue(run.get("error").asText().contains("ValueError: boom"), run.toString());
  }

  @Test
  void cancelStopsTheJob() throws Exception {
    JsonNode running = RayRuns.startSleep(client, 60, "job", 3);
    assertEquals("running", running.get("status").asText(), running.toString());
    JsonNode cancelled =
        RayRuns.ok(client.call("cancel_run", Map.of("run_id", running.get("id").asText())));
    JsonNode end =
        cancelled.get("done").asBoolean()
            ? cancelled
            : RayRuns.await(client, running.get("id").asText());
    assertEquals("cancelled", end.get("status").asText(), end.toString());
  }

  @Test
  void aTimeoutStopsTheJobAndFailsTheRun() throws Exception {
    JsonNode run =
        RayRuns.run(client, "hello", "sleep", Map.of("seconds", 60), "job", Map.of("timeout_s", 3));
    assertEquals("failed", run.get("status").asText(), run.toString());
    assertTrue(run.get("error").asText().contains("timed out after 3 s"), run.toString());
  }

  @Test
  void aJobOutlivesAServerRestartAndEndsWithItsResult() throws Exception {
    JsonNode running = RayRuns.startSleep(client, 8, "job", 2);
    String id = running.get("id").asText();
    assertEquals("running", running.get("status").asText(), running.toString());
    server.stop(Duration.ofSeconds(5));
    server = RayRuns.server(cluster, dir);
    client = new McpTestClient(server.url(), key).initialize();
    JsonNode after = RayRuns.ok(client.call("get_run", Map.of("run_id", id)));
    assertEquals("running", after.get("status").asText(), "re-attached, not lost: " + after);
    JsonNode end = RayRuns.await(client, id);
    assertEquals("succeeded", end.get("status").asText(), end.toString());
    assertEquals(8.0, end.at("/result/slept").asDouble(), end.toString());
  }
}
