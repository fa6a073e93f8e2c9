package dev.synapse.mcp.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The manifest's resource request as Ray gets it, and a job asking for a GPU on a CPU-only cluster:
 * stopped with a clear error after the configured bound instead of waiting in PENDING forever.
 */
class RayResourcesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static NewestRayServers.Started started;

  @AfterAll
  static void stop() {
    if (started != null) {
      started.server().stop(Duration.ofSeconds(5));
    }
    if (dir != null) {
      TempDirs.delete(dir);
    }
  }

  @Test
  void theActionsRequestWinsOverThePluginsAndBecomesTheJobsEntrypointFields() throws Exception {
    JsonNode manifest = JSON.readTree("{\"resources\": {\"num_cpus\": 2, \"memory\": 1000}}");
    JsonNode action = JSON.readTree("{\"resources\": {\"num_gpus\": 1}}");
    RayResources r = RayResources.of(manifest, action);
    assertEquals("{\"entrypoint_num_gpus\":1.0}", r.jobFields().toString());
    assertEquals("num_gpus=1", r.describe());
    RayResources plugin = RayResources.of(manifest, JSON.readTree("{}"));
    assertEquals(
        "{\"entrypoint_num_cpus\":2.0,\"entrypoint_memory\":1000}", plugin.jobFields().toString());
    assertFalse(RayResources.of(JSON.readTree("{}"), null).any());
    assertFalse(
        RayResources.of(JSON.readTree("{\"resources\": {\"num_gpus\": -1}}"), null).any(),
        "a negative request is ignored");
  }

  @Test
  void aGpuRequestOnACpuOnlyClusterFailsClearlyWithinTheBound() throws Exception {
    RayTestCluster.assumeNewestInstalled();
    RayTestCluster cluster = RayTestCluster.newest();
    dir = TempDirs.create("ray-resources-test");
    Path gpu = dir.resolve("plugins/gpuhello");
    Files.createDirectories(gpu.resolve("plugin"));
    Path hello = TestHome.examples().resolve("hello");
    Files.copy(hello.resolve("plugin/__init__.py"), gpu.resolve("plugin/__init__.py"));
    Files.copy(hello.resolve("plugin/add.py"), gpu.resolve("plugin/add.py"));
    Files.writeString(
        gpu.resolve("config.yaml"),
        String.join(
            "\n",
            "code: gpuhello",
            "name: GPU hello",
            "version: 0.1.0",
            "category: custom",
            "actions:",
            "  add:",
            "    entrypoint: plugin.add:add",
            "    method: job",
            "    resources:",
            "      num_gpus: 1",
            ""));
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("SYNAPSE_RAY_PENDING_LIMIT_S", "5");
    started = NewestRayServers.start(env, dir, "gpu.db", dir.resolve("plugins").toString());
    long t0 = System.nanoTime();
    JsonNode run =
        NewestRayServers.run(started.client(), "gpuhello", "add", Map.of("a", 1, "b", 2), "job");
    long tookS = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals("failed", run.get("status").asText(), run.toString());
    assertEquals(
        "Ray could not start the job within 5 s: no node can meet its resource request"
            + " (num_gpus=1); the job was stopped",
        run.get("error").asText());
    assertTrue(tookS < 30, "failed after " + tookS + " s");
  }
}
