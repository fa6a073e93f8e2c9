package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.ServerProcess;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill -9 of the server mid-run: after a restart the run reads lost, and its process is gone. */
class RunCrashTest {
  private final Path dir = TempDirs.create("crash-test");
  private final ServerProcess server =
      new ServerProcess(
          dir,
          Map.of(
              "SYNAPSE_HOME", TestHome.shared().toString(),
              "SYNAPSE_DB", dir.resolve("crash.db").toString(),
              "SYNAPSE_PLUGIN_PATH", TestHome.examples().toString()));

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    TempDirs.delete(dir);
  }

  @Test
  void noRunnerProcessOutlivesTheServerWhetherStoppedOrKilled() throws Exception {
    String key = server.cli("keys", "create", "--name", "leftovers");
    for (boolean kill : new boolean[] {false, true}) {
      Process p = server.serve();
      var client = new McpTestClient(server.url(), key).initialize();
      JsonNode run =
          client
              .call(
                  "run_plugin",
                  Map.of("plugin", "hello", "action", "add", "params", Map.of("a", 1, "b", 2)))
              .get("structuredContent");
      assertEquals("succeeded", run.get("status").asText(), run.toString());
      // the run's runner and the idle one started for the next run are the server's children
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> p.descendants().anyMatch(ProcessHandle::isAlive));
      var children = p.descendants().toList();
      if (kill) {
        ServerProcess.kill9(p);
      } else {
        p.destroy();
        p.waitFor();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  @Test
  void aRunLeftByACrashIsLostAfterRestartAndItsProcessStopped() throws Exception {
    String key = server.cli("keys", "create", "--name", "crash");
    Process first = server.serve();
    var client = new McpTestClient(server.url(), key).initialize();
    JsonNode run =
        client
            .call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "sleep",
                    "params",
                    Map.of("seconds", 120),
                    "wait_s",
                    2))
            .get("structuredContent");
    assertEquals("running", run.get("status").asText(), run.toString());
    long pid = run.at("/handle/pid").asLong();
    ServerProcess.kill9(first);

    server.serve();
    var after = new McpTestClient(server.url(), key).initialize();
    JsonNode lost =
        after.call("get_run", Map.of("run_id", run.get("id").asText())).get("structuredContent");
    assertEquals("lost", lost.get("status").asText(), lost.toString());
    assertTrue(lost.get("error").asText().contains("server stopped"), lost.toString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }
}
