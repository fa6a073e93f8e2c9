package dev.synapse.mcp.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server as a separate OS process: what survives kill -9, and how SIGTERM stops it. */
class ServerProcessTest {
  private Path dir;
  private final List<Process> started = new ArrayList<>();

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("process-test");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertTrue(!p.isAlive(), "server process " + p.pid() + " left running");
    }
    TempDirs.delete(dir);
  }

  @Test
  void committedSessionsSurviveKillMinus9() throws Exception {
    String key = cli("keys", "create", "--name", "durable", "--db", db());
    Process first = serve();
    var client = new McpTestClient(url(), key).initialize();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      JsonNode s = client.call("create_session", Map.of("name", "s" + i)).get("structuredContent");
      ids.add(s.get("id").asText());
      client.call("session_heartbeat", Map.of("session_id", s.get("id").asText()));
    }
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Files.deleteIfExists(dir.resolve("port"));

    serve();
    var after = new McpTestClient(url(), key).initialize();
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
    cli("keys", "create", "--name", "t", "--db", db());
    Process p = serve();
    p.destroy();
    assertTrue(p.waitFor(15, TimeUnit.SECONDS), "server did not stop within 15 s of SIGTERM");
    String log = Files.readString(dir.resolve("server.log"));
    assertTrue(log.contains("shutting down") && log.contains("stopped"), log);
  }

  private String db() {
    return dir.resolve("synapse.db").toString();
  }

  private String url() throws Exception {
    return "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
  }

  private Process serve() throws Exception {
    var pb =
        java("serve", "--port", "0", "--port-file", dir.resolve("port").toString(), "--db", db())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
    Process p = pb.start();
    started.add(p);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("port")));
    return p;
  }

  private String cli(String... args) throws Exception {
    Process p = java(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor(), "cli " + String.join(" ", args));
    return out;
  }

  private ProcessBuilder java(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.synapse.mcp.cli.Main");
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd);
    pb.environment().put("SYNAPSE_HOME", dir.resolve("home").toString());
    pb.directory(new File(dir.toString()));
    return pb;
  }
}
