package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The Ray head stops while a task run and a job run are running: both fail with a reason, and the
 * MCP server goes on serving (local runs, checkin). Last, because it stops the shared test cluster.
 */
@Order(Integer.MAX_VALUE)
class RayHeadLossTest {
  private static Path dir;
  private static SynapseServer server;

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(Duration.ofSeconds(5));
    }
    TempDirs.delete(dir);
  }

  @Test
  void runsFailWithAReasonAndTheServerKeepsServingWhenTheRayHeadStops() throws Exception {
    RayTestCluster cluster = RayTestCluster.shared();
    dir = TempDirs.create("ray-loss-test");
    server = RayRuns.server(cluster, dir);
    var client =
        new McpTestClient(server.url(), server.keys().create("loser", KeyService.DEFAULT_ROLES))
            .initialize();
    assertEquals(
        "succeeded",
        RayRuns.run(client, "hello", "add", Map.of("a", 1, "b", 1), "task", null)
            .get("status")
            .asText());
    String task = start(client, "task");
    String job = start(client, "job");

    cluster.stop();

    JsonNode taskEnd = RayRuns.await(client, task);
    assertEquals("failed", taskEnd.get("status").asText(), taskEnd.toString());
    assertTrue(taskEnd.get("error").asText().contains("Ray"), taskEnd.toString());
    JsonNode jobEnd = RayRuns.await(client, job);
    assertEquals("failed", jobEnd.get("status").asText(), jobEnd.toString());
    assertTrue(jobEnd.get("error").asText().contains("lost contact with Ray"), jobEnd.toString());

    JsonNode local = RayRuns.run(client, "hello", "add", Map.of("a", 2, "b", 2), "local", null);
    assertEquals(4, local.at("/result/sum").asInt(), local.toString());
    JsonNode executors = RayRuns.ok(client.call("checkin", Map.of())).get("executors");
    assertFalse(executors.at("/task/available").asBoolean(), executors.toString());
    assertFalse(executors.at("/job/available").asBoolean(), executors.toString());
    JsonNode refused = RayRuns.run(client, "hello", "add", Map.of("a", 2, "b", 2), "task", null);
    assertEquals("failed", refused.get("status").asText(), refused.toString());
    assertTrue(refused.get("error").asText().contains("Ray is not reachable"), refused.toString());
  }

  private static String start(McpTestClient client, String mode) throws Exception {
    JsonNode run = RayRuns.startSleep(client, 120, mode, 3);
    assertEquals("running", run.get("status").asText(), run.toString());
    return run.get("id").asText();
  }
}
