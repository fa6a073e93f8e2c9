package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.runs.RayTaskModeTest.RayRuns;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
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

/** kill -9 of the server process during a Ray job: the next server re-attaches the job. */
class RayJobCrashTest {
  private final Path dir = TempDirs.create("ray-crash-test");
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : started) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    TempDirs.delete(dir);
  }

  @Test
  void aJobRunLeftByACrashEndsWithTheJobsResultAfterRestart() throws Exception {
    RayTestCluster cluster = RayTestCluster.shared();
    String key = cli(cluster, "keys", "create", "--name", "crash");
    Process server = serve(cluster);
    var client = new McpTestClient(url(), key).initialize();
    JsonNode run =
        RayRuns.ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "hello",
                    "action",
                    "sleep",
                    "params",
                    Map.of("seconds", 6),
                    "mode",
                    "job",
                    "wait_s",
                    1)));
    assertEquals("running", run.get("status").asText(), run.toString());
    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Files.delete(dir.resolve("port"));

    serve(cluster);
    var after = new McpTestClient(url(), key).initialize();
    JsonNode end = RayRuns.await(after, run.get("id").asText());
    assertEquals("succeeded", end.get("status").asText(), end.toString());
    assertEquals(6.0, end.at("/result/slept").asDouble(), end.toString());
  }

  private String url() throws Exception {
    return "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
  }

  private Process serve(RayTestCluster cluster) throws Exception {
    Process p =
        java(cluster, "serve", "--port", "0", "--port-file", dir.resolve("port").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    started.add(p);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("port")));
    return p;
  }

  private String cli(RayTestCluster cluster, String... args) throws Exception {
    Process p = java(cluster, args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor());
    return out;
  }

  private ProcessBuilder java(RayTestCluster cluster, String... args) {
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
    pb.environment().putAll(cluster.env());
    return pb;
  }
}
