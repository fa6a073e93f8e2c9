package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.runs.RayTaskModeTest.RayRuns;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.ServerProcess;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill -9 of the server process during a Ray job: the next server re-attaches the job. */
class RayJobCrashTest {
  private final Path dir = TempDirs.create("ray-crash-test");
  private ServerProcess server;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    TempDirs.delete(dir);
  }

  @Test
  void aJobRunLeftByACrashEndsWithTheJobsResultAfterRestart() throws Exception {
    Map<String, String> env = new HashMap<>(RayTestCluster.shared().env());
    env.put("SYNAPSE_HOME", TestHome.shared().toString());
    env.put("SYNAPSE_DB", dir.resolve("crash.db").toString());
    env.put("SYNAPSE_PLUGIN_PATH", TestHome.examples().toString());
    server = new ServerProcess(dir, env);
    String key = server.cli("keys", "create", "--name", "crash");
    Process first = server.serve();
    var client = new McpTestClient(server.url(), key).initialize();
    JsonNode run = RayRuns.startSleep(client, 6, "job", 1);
    assertEquals("running", run.get("status").asText(), run.toString());
    ServerProcess.kill9(first);

    server.serve();
    var after = new McpTestClient(server.url(), key).initialize();
    JsonNode end = RayRuns.await(after, run.get("id").asText());
    assertEquals("succeeded", end.get("status").asText(), end.toString());
    assertEquals(6.0, end.at("/result/slept").asDouble(), end.toString());
  }
}
