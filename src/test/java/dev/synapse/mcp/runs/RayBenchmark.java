package dev.synapse.mcp.runs;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.runs.RayTaskModeTest.RayRuns;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Latency of {@code run_plugin(hello, add)} over MCP in local, warm task and job mode (job: until
 * the call returns with the job submitted), on Ray 2.39.0 (task mode through the Java driver) and
 * on the newest Ray with token auth (through the Python driver) in one run. Prints numbers, never
 * fails on them; run by {@code bench/ray.sh} (excluded from the normal build by its tag).
 */
@Tag("bench")
class RayBenchmark {
  private static final int CALLS = 50;

  @Test
  void measure() throws Exception {
    StringBuilder all = new StringBuilder();
    all.append(measure(RayTestCluster.shared(), "Ray 2.39.0, task mode through the Java driver"));
    RayTestCluster.shared().stop(); // one head at a time on a shared machine
    if (RayTestCluster.newestInstalled()) {
      all.append(
          measure(
              RayTestCluster.newest(),
              "Ray "
                  + RayTestCluster.NEWEST
                  + " (token auth), task mode through the Python driver"));
      RayTestCluster.newest().stop();
    } else {
      all.append("Ray ")
          .append(RayTestCluster.NEWEST)
          .append(": not installed (scripts/ray-newest)\n");
    }
    Files.writeString(Path.of("target", "bench-ray.txt"), all.toString());
  }

  private String measure(RayTestCluster cluster, String title) throws Exception {
    Path dir = TempDirs.create("ray-bench");
    SynapseServer server = RayRuns.server(cluster, dir);
    StringBuilder out = new StringBuilder();
    try {
      var client =
          new McpTestClient(server.url(), server.keys().create("bench", KeyService.DEFAULT_ROLES))
              .initialize();
      out.append(
          String.format(
              "%s: run_plugin(hello, add) over MCP, %d calls per mode after a warm-up (2 cores,"
                  + " shared)%n",
              title, CALLS));
      out.append(line("local", time(client, "local", 45, 5, new ArrayList<>())));
      List<String> ids = new ArrayList<>();
      out.append(line("task (warm)", time(client, "task", 45, 5, ids)));
      List<Double> inside = new ArrayList<>();
      for (String id : ids) {
        var run = RayRuns.ok(client.call("get_run", Map.of("run_id", id)));
        inside.add(
            (double)
                (java.time.Instant.parse(run.get("finished_at").asText()).toEpochMilli()
                    - java.time.Instant.parse(run.get("started_at").asText()).toEpochMilli()));
      }
      out.append(line("  of which started->finished", inside));
      out.append(line("job (submit)", time(client, "job", 0, 3, new ArrayList<>())));
    } finally {
      server.stop(Duration.ofSeconds(5));
      TempDirs.delete(dir);
    }
    System.out.print(out);
    return out.toString();
  }

  private static List<Double> time(
      McpTestClient client, String mode, int waitS, int warmUp, List<String> ids) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < warmUp + CALLS; i++) {
      long t0 = System.nanoTime();
      var run =
          client.call(
              "run_plugin",
              Map.of(
                  "plugin",
                  "hello",
                  "action",
                  "add",
                  "params",
                  Map.of("a", i, "b", 1),
                  "mode",
                  mode,
                  "wait_s",
                  waitS));
      double elapsed = (System.nanoTime() - t0) / 1e6;
      var body = RayRuns.ok(run);
      String status = body.get("status").asText();
      boolean ok = waitS == 0 ? !status.equals("failed") : status.equals("succeeded");
      if (!ok) {
        throw new IllegalStateException(mode + " run did not work: " + body);
      }
      if (i >= warmUp) {
        ms.add(elapsed);
        ids.add(body.get("id").asText());
      }
    }
    return ms;
  }

  private static String line(String name, List<Double> ms) {
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    return String.format("  %-28s median %8.1f ms   p99 %8.1f ms%n", name, median, p99);
  }
}
