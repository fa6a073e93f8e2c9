package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One key's calls that wait for runs are capped; another key's calls still answer. */
class FairUseTest {
  private static Path dir;
  private static SynapseServer server;
  private static String keyA;
  private static McpTestClient a;
  private static McpTestClient b;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("fair-use");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    server =
        SynapseServer.start(
            ServerConfig.resolve(Map.of("SYNAPSE_LONG_CALLS_PER_KEY", "2"), flags),
            Clock.systemUTC());
    keyA = server.keys().create("greedy", KeyService.DEFAULT_ROLES);
    a = new McpTestClient(server.url(), keyA).initialize();
    b =
        new McpTestClient(server.url(), server.keys().create("modest", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  @Test
  void oneKeyAtItsCapIsToldToRetryWhileAnotherKeyIsServed() throws Exception {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      runs.add(start(a, 30));
    }
    List<CompletableFuture<JsonNode>> waiting = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(runs.size());
    for (String run : runs) {
      var own = new McpTestClient(server.url(), keyA).initialize();
      waiting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return own.call("wait_run", Map.of("run_id", run, "wait_s", 20));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              pool));
    }
    try {
      // Once both waits hold their places, a third call of the same key is refused at once.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> isBusy(a.call("wait_run", Map.of("run_id", runs.get(0), "wait_s", 1))));
      long t0 = System.nanoTime();
      JsonNode busy = a.call("wait_run", Map.of("run_id", runs.get(1), "wait_s", 5));
      assertTrue(isBusy(busy), busy.toString());
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000, "the refusal was not at once");
      String text = busy.at("/content/0/text").asText();
      assertTrue(text.matches("(?s).*retry in \\d+ s.*"), text);

      int before = a.call("list_runs", Map.of()).at("/structuredContent/count").asInt();
      JsonNode refused =
          a.call(
              "run_plugin",
              Map.of("plugin", "hello", "action", "sleep", "params", Map.of("seconds", 1)));
      assertTrue(isBusy(refused), refused.toString());
      assertEquals(
          before,
          a.call("list_runs", Map.of()).at("/structuredContent/count").asInt(),
          "a refused run_plugin started a run");

      var rest =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.url() + "/api/plugin_releases/run_debug/"))
                      .header("Authorization", "Bearer " + keyA)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"sleep\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(429, rest.statusCode(), rest.body());
      assertTrue(rest.headers().firstValue("Retry-After").orElse("").matches("\\d+"));

      String mine = start(b, 1);
      JsonNode served = b.call("wait_run", Map.of("run_id", mine, "wait_s", 20));
      assertFalse(isBusy(served), served.toString());
      assertEquals("succeeded", served.at("/structuredContent/status").asText(), served.toString());
    } finally {
      for (String run : runs) {
        a.call("cancel_run", Map.of("run_id", run));
      }
      for (var w : waiting) {
        w.get();
      }
      pool.shutdown();
    }
    // The places are free again once the waits end.
    assertFalse(isBusy(a.call("wait_run", Map.of("run_id", runs.get(0), "wait_s", 1))));
  }

  private static String start(McpTestClient client, int seconds) throws Exception {
    JsonNode r =
        client.call(
            "run_plugin",
            Map.of(
                "plugin",
                "hello",
                "action",
                "sleep",
                "params",
                Map.of("seconds", seconds),
                "wait_s",
                0));
    assertFalse(r.path("isError").asBoolean(), r.toString());
    return r.at("/structuredContent/id").asText();
  }

  private static boolean isBusy(JsonNode result) {
    return result.path("isError").asBoolean()
        && result.at("/content/0/text").asText().startsWith("busy");
  }
}
