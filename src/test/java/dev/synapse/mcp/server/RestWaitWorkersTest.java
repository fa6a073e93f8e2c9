package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, fault 2: REST run calls that wait for their runs hold no HTTP worker. With 8 workers
 * and 70 such calls waiting at once, health, the same key's and another key's calls still answer
 * quickly, and every wait is answered when its run ends.
 */
class RestWaitWorkersTest {
  private static final int WAITS = 70;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static SynapseServer server;
  private static String keyA;

  @BeforeAll
  static void start() {
    dir = TempDirs.create("rest-waits");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    Map<String, String> env =
        Map.of("SYNAPSE_WORKER_THREADS", "8", "SYNAPSE_MAX_CONNECTIONS_PER_ADDRESS", "200");
    server = SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
    keyA = server.keys().create("waiter", KeyService.DEFAULT_ROLES);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void seventyWaitingRestRunsLeaveWorkersForEveryoneElse() throws Exception {
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String body =
        JSON.writeValueAsString(
            Map.of(
                "action",
                "sleep",
                "params",
                Map.of("seconds", 60),
                "plugin_path",
                TestHome.examples().resolve("hello").toString()));
    List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
    for (int i = 0; i < WAITS; i++) {
      waits.add(
          http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(server.url() + "/api/plugin_releases/run_debug/?wait_s=120"))
                  .header("Authorization", keyA)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    McpTestClient a = new McpTestClient(server.url(), keyA).initialize();
    McpTestClient b =
        new McpTestClient(server.url(), server.keys().create("other", KeyService.DEFAULT_ROLES))
            .initialize();
    try {
      // every call has started its run and is now waiting for it
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  a.call("list_runs", Map.of("limit", 500)).at("/structuredContent/count").asInt()
                      >= WAITS);
      assertTrue(waits.stream().noneMatch(CompletableFuture::isDone), "a wait ended early");

      long t0 = System.nanoTime();
      var health =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/api/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      long healthMs = ms(t0);
      assertEquals(200, health.statusCode(), health.body());
      t0 = System.nanoTime();
      JsonNode session = b.call("create_session", Map.of("name", "still-served"));
      long otherKeyMs = ms(t0);
      assertFalse(session.path("isError").asBoolean(), session.toString());
      t0 = System.nanoTime();
      JsonNode sameKey = a.call("get_session", Map.of("session_id", "no-such-session"));
      long sameKeyMs = ms(t0);
      assertTrue(sameKey.path("isError").asBoolean(), sameKey.toString());
      System.out.println(
          "BENCH with "
              + WAITS
              + " REST waits on 8 workers: health "
              + healthMs
              + " ms, another key's create_session "
              + otherKeyMs
              + " ms, the waiting key's get_session "
              + sameKeyMs
              + " ms");
      assertTrue(healthMs < 3000, "health took " + healthMs + " ms");
      assertTrue(otherKeyMs < 3000, "another key's call took " + otherKeyMs + " ms");
      assertTrue(sameKeyMs < 3000, "the waiting key's own call took " + sameKeyMs + " ms");
    } finally {
      for (JsonNode run : a.call("list_runs", Map.of("limit", 500)).at("/structuredContent/runs")) {
        a.call("cancel_run", Map.of("run_id", run.get("id").asText()));
      }
    }
    // a cancel ends the run; its wait answers then, long before its 120 s
    for (var w : waits) {
      HttpResponse<String> res = w.get(60, TimeUnit.SECONDS);
      assertEquals(400, res.statusCode(), res.body());
      assertEquals("cancelled", JSON.readTree(res.body()).get("status").asText(), res.body());
    }
  }
}
