package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.ServerProcess;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server as a separate OS process: what survives kill -9, and how SIGTERM stops it. */
class ServerProcessTest {
  private Path dir;
  private ServerProcess server;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("process-test");
    server =
        new ServerProcess(
            dir,
            Map.of(
                "SYNAPSE_HOME", dir.resolve("home").toString(),
                "SYNAPSE_DB", dir.resolve("synapse.db").toString()));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    TempDirs.delete(dir);
  }

  @Test
  void committedSessionsSurviveKillMinus9() throws Exception {
    String key = server.cli("keys", "create", "--name", "durable");
    Process first = server.serve();
    var client = new McpTestClient(server.url(), key).initialize();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      JsonNode s = client.call("create_session", Map.of("name", "s" + i)).get("structuredContent");
      ids.add(s.get("id").asText());
      client.call("session_heartbeat", Map.of("session_id", s.get("id").asText()));
    }
    ServerProcess.kill9(first);

    server.serve();
    var after = new McpTestClient(server.url(), key).initialize();
    JsonNode list = after.call("list_sessions", Map.of("limit", 500)).get("structuredContent");
    Set<String> found = new HashSet<>();
    for (JsonNode s : list.get("sessions")) {
      found.add(s.get("id").asText());
      assertEquals(1, s.get("heartbeats").asInt(), s.toString());
    }
    assertEquals(ids, found);
  }

  @Test
  void sigtermStopsTheServerCleanly() throws Exception {
    server.cli("keys", "create", "--name", "t");
    Process p = server.serve();
    p.destroy();
    assertTrue(p.waitFor(15, TimeUnit.SECONDS), "server did not stop within 15 s of SIGTERM");
    String log = server.log();
    assertTrue(log.contains("shutting down") && log.contains("stopped"), log);
  }

  @Test
  void aRelativeHomeStillRunsLocalPlugins() throws Exception {
    var relative =
        new ServerProcess(dir, Map.of("SYNAPSE_DB", dir.resolve("synapse.db").toString()));
    try (relative) {
      String key = relative.cli("keys", "create", "--name", "rel");
      relative.serve("--home", "rel-home", "--plugin-path", TestHome.examples().toString());
      var client = new McpTestClient(relative.url(), key).initialize();
      JsonNode run =
          client
              .call(
                  "run_plugin",
                  Map.of(
                      "plugin",
                      "hello",
                      "action",
                      "add",
                      "params",
                      Map.of("a", 2, "b", 3),
                      "wait_s",
                      30))
              .get("structuredContent");
      assertEquals("succeeded", run.get("status").asText(), run.toString());
      assertEquals(5, run.at("/result/sum").asInt(), run.toString());
      assertTrue(
          Files.isDirectory(dir.resolve("rel-home/runner")), "runner unpacked under rel-home");
    }
  }
}
