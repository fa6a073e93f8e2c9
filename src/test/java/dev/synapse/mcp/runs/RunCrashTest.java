package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill -9 of the server mid-run: after a restart the run reads lost, and its process is gone. */
class RunCrashTest {
  private final Path dir = TempDirs.create("crash-test");
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    TempDirs.delete(dir);
  }

  @Test
  void aRunLeftByACrashIsLostAfterRestartAndItsProcessStopped() throws Exception {
    String key = cli("keys", "create", "--name", "crash");
    Process server = serve();
    var client = new McpTestClient(url(), key).initialize();
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
    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Files.delete(dir.resolve("port"));

    serve();
    var after = new McpTestClient(url(), key).initialize();
    JsonNode lost =
        after.call("get_run", Map.of("run_id", run.get("id").asText())).get("structuredContent");
    assertEquals("lost", lost.get("status").asText(), lost.toString());
    assertTrue(lost.get("error").asText().contains("server stopped"), lost.toString());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  private String url() throws Exception {
    return "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
  }

  private Process serve() throws Exception {
    Process p =
        java("serve", "--port", "0", "--port-file", dir.resolve("port").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    started.add(p);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("port")));
    return p;
  }

  private String cli(String... args) throws Exception {
    Process p = java(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor());
    return out;
  }

  private ProcessBuilder java(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.synapse.mcp.cli.Main"));
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd);
    pb.environment().put("SYNAPSE_HOME", TestHome.shared().toString());
    pb.environment().put("SYNAPSE_DB", dir.resolve("crash.db").toString());
    pb.environment().put("SYNAPSE_PLUGIN_PATH", TestHome.examples().toString());
    return pb;
  }
}
