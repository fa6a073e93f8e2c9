package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  @Test
  void theFirstStartCreatesAnAdminKeyOnceAndPrintsAWorkingMcpJson() throws Exception {
    server.serve();
    String log = server.awaitLog("More keys:");
    var key = java.util.regex.Pattern.compile("(?m)^  (syn_[0-9a-f]{40})$").matcher(log);
    assertTrue(key.find(), log);
    var client = new McpTestClient(server.url(), key.group(1)).initialize();
    JsonNode checkin = client.call("checkin", Map.of()).get("structuredContent");
    assertEquals("admin", checkin.at("/agent/name").asText(), checkin.toString());
    assertTrue(log.contains("export SYNAPSE_API_KEY=" + key.group(1)), log);
    JsonNode mcpJson =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(log.substring(log.indexOf("{\n  \"mcpServers\""), log.indexOf("\n}\n") + 2));
    assertEquals("${SYNAPSE_URL}/api/mcp", mcpJson.at("/mcpServers/synapse/url").asText());
    assertEquals(
        "Bearer ${SYNAPSE_API_KEY}",
        mcpJson.at("/mcpServers/synapse/headers/Authorization").asText());

    server.close();
    Files.writeString(dir.resolve("server.log"), "");
    server.serve();
    server.awaitLog("Keys: synapse-mcp keys list");
    String again = server.awaitLog("\n}");
    assertFalse(again.contains("Created the first API key"), again);
    assertFalse(again.contains("syn_"), "no key printed on a later start: " + again);
    assertTrue(again.contains("\"mcpServers\""), again);
  }

  @Test
  void logLevelWarnHidesTheInfoLines() throws Exception {
    var quiet =
        new ServerProcess(
            dir,
            Map.of(
                "SYNAPSE_HOME", dir.resolve("home").toString(),
                "SYNAPSE_DB", dir.resolve("synapse.db").toString(),
                "SYNAPSE_LOG_LEVEL", "warn"));
    try (quiet) {
      quiet.cli("keys", "create", "--name", "q");
      quiet.serve();
      var client = new McpTestClient(quiet.url(), null);
      assertEquals(401, client.post(Map.of()).statusCode());
    }
    String log = Files.readString(dir.resolve("server.log"));
    assertTrue(log.contains("synapse-mcp is listening"), "stdout still shows the address: " + log);
    assertFalse(log.contains("[INFO]"), log);
    server.serve();
    assertTrue(server.log().contains("[INFO]"), "the default level is info: " + server.log());
  }

  @Test
  void synapsePythonIsTheInterpreterLocalRunsUse() throws Exception {
    Path marker = dir.resolve("python-used");
    Path wrapper = dir.resolve("my-python");
    Files.writeString(wrapper, "#!/bin/sh\necho \"$@\" >> '" + marker + "'\nexec python3 \"$@\"\n");
    assertTrue(wrapper.toFile().setExecutable(true));
    var custom =
        new ServerProcess(
            dir,
            Map.of(
                "SYNAPSE_HOME", dir.resolve("py-home").toString(),
                "SYNAPSE_DB", dir.resolve("py.db").toString(),
                "SYNAPSE_PYTHON", wrapper.toString()));
    try (custom) {
      String key = custom.cli("keys", "create", "--name", "py");
      custom.serve("--plugin-path", TestHome.examples().toString());
      var client = new McpTestClient(custom.url(), key).initialize();
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
                      Map.of("a", 1, "b", 1),
                      "wait_s",
                      30))
              .get("structuredContent");
      assertEquals("succeeded", run.get("status").asText(), run.toString());
    }
    assertTrue(Files.exists(marker), "the runner was started through SYNAPSE_PYTHON");
  }
}
