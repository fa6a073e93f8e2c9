package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Environment benchmark (bench/env.sh): the SDK plugin's cold environment build with uv and with
 * pip (each on a fresh home; the installers' own download caches stay warm), the time from
 * run_plugin to its first progress notification during that build, and the warm run latency. Prints
 * numbers into target/bench-env.txt; never fails on timing.
 */
@Tag("bench")
class EnvBenchmark {
  private static final Map<String, Object> COUNT =
      Map.of("plugin", "sdkdemo", "action", "count", "params", Map.of("dataset", 3), "wait_s", 5);

  @Test
  void coldBuildsFirstNotificationAndWarmRuns() throws Exception {
    StringBuilder out = new StringBuilder();
    for (String manager : List.of("uv", "pip")) {
      Path dir = TempDirs.create("env-bench");
      SynapseServer server = start(dir, manager);
      try {
        var client =
            new McpTestClient(server.url(), server.keys().create("bench", KeyService.DEFAULT_ROLES))
                .initialize();
        long t0 = System.nanoTime();
        List<McpTestClient.Timed> messages = client.callTimed("run_plugin", COUNT);
        long first =
            messages.stream()
                .filter(m -> "notifications/progress".equals(m.message().path("method").asText()))
                .mapToLong(McpTestClient.Timed::ms)
                .findFirst()
                .orElse(-1);
        long answered = messages.get(messages.size() - 1).ms();
        JsonNode state = null;
        while (state == null || state.get("state").asText().equals("building")) {
          state =
              client
                  .call("prepare_environment", Map.of("plugin", "sdkdemo", "wait_s", 45))
                  .get("structuredContent");
        }
        double build = (System.nanoTime() - t0) / 1e9;
        out.append(
            String.format(
                "%s: cold build of the synapse-sdk plugin %.1f s (%s); run_plugin(wait_s=5) answered"
                    + " in %d ms; first progress notification after %d ms%n",
                manager, build, state.get("state").asText(), answered, first));
        if (manager.equals("uv")) {
          List<Long> warm = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            long s = System.nanoTime();
            JsonNode r =
                client
                    .call(
                        "run_plugin",
                        Map.of(
                            "plugin",
                            "sdkdemo",
                            "action",
                            "count",
                            "params",
                            Map.of("dataset", 3),
                            "wait_s",
                            45))
                    .get("structuredContent");
            if (i >= 1 && "succeeded".equals(r.path("status").asText())) {
              warm.add((System.nanoTime() - s) / 1_000_000);
            }
          }
          warm.sort(Long::compare);
          out.append(
              String.format(
                  "warm run_plugin(sdkdemo, count) over MCP: median %d ms, max %d ms (%d runs;"
                      + " each imports synapse-sdk in a fresh process)%n",
                  warm.isEmpty() ? -1 : warm.get(warm.size() / 2),
                  warm.isEmpty() ? -1 : warm.get(warm.size() - 1),
                  warm.size()));
        }
      } finally {
        server.stop(Duration.ofSeconds(5));
        TempDirs.delete(dir);
      }
    }
    System.out.print(out);
    Files.writeString(Path.of("target", "bench-env.txt"), out.toString());
  }

  private static SynapseServer start(Path dir, String manager) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put(
        "SYNAPSE_UV",
        manager.equals("uv") ? TestHome.repo().resolve(".venv/bin/uv").toString() : "off");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.resolve("home").toString());
    flags.put("plugin-path", TestHome.repo().resolve("examples/sdk-plugins").toString());
    return SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
  }
}
