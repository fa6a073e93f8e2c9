package dev.synapse.mcp.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * job mode against a head of the newest Ray with token authentication on: the configured token is
 * sent, and a missing or wrong one ends the run with one clear line that never shows a token.
 */
class RayTokenAuthTest {
  private static Path dir;
  private static RayTestCluster cluster;
  private static final List<NewestRayServers.Started> servers = new ArrayList<>();

  @BeforeAll
  static void start() {
    if (!RayTestCluster.newestInstalled()) {
      return; // each test then skips on its own
    }
    cluster = RayTestCluster.newest();
    dir = TempDirs.create("ray-token-test");
  }

  @BeforeEach
  void needsNewestRay() {
    RayTestCluster.assumeNewestInstalled();
  }

  @AfterAll
  static void stop() {
    servers.forEach(s -> s.server().stop(Duration.ofSeconds(5)));
    if (dir != null) {
      TempDirs.delete(dir);
    }
  }

  private static NewestRayServers.Started server(Map<String, String> env, String db)
      throws Exception {
    var started = NewestRayServers.start(env, dir, db);
    servers.add(started);
    return started;
  }

  @Test
  void jobModeRunsOnTheNewestRayWithTheConfiguredToken() throws Exception {
    var client = server(cluster.env(), "token.db").client();
    JsonNode job = NewestRayServers.run(client, "hello", "add", Map.of("a", 2, "b", 3.5), "job");
    assertEquals("succeeded", job.get("status").asText(), job.toString());
    assertEquals(5.5, job.at("/result/sum").asDouble(), job.toString());
  }

  @Test
  void theTokenCanComeFromAFile() throws Exception {
    Path file = dir.resolve("token");
    java.nio.file.Files.writeString(file, cluster.token() + "\n");
    Map<String, String> env = new HashMap<>(cluster.env());
    env.remove("SYNAPSE_RAY_AUTH_TOKEN");
    env.put("SYNAPSE_RAY_AUTH_TOKEN_FILE", file.toString());
    var client = server(env, "token-file.db").client();
    JsonNode job = NewestRayServers.run(client, "hello", "add", Map.of("a", 1, "b", 1), "job");
    assertEquals("succeeded", job.get("status").asText(), job.toString());
  }

  @Test
  void noTokenGivesTheClearError() throws Exception {
    Map<String, String> env = new HashMap<>(cluster.env());
    env.remove("SYNAPSE_RAY_AUTH_TOKEN");
    var client = server(env, "no-token.db").client();
    long started = System.nanoTime();
    JsonNode job = NewestRayServers.run(client, "hello", "add", Map.of("a", 2, "b", 3), "job");
    assertEquals("failed", job.get("status").asText(), job.toString());
    String error = job.get("error").asText();
    assertTrue(error.startsWith("Ray rejected the token: "), error);
    assertTrue(error.contains("Missing authentication token"), error);
    assertTrue(error.contains("SYNAPSE_RAY_AUTH_TOKEN"), error);
    assertFalse(error.contains("\n"), error);
    assertTrue(System.nanoTime() - started < 10_000_000_000L, "answered in under 10 s");
  }

  @Test
  void aWrongTokenGivesTheClearErrorWithoutShowingAnyToken() throws Exception {
    String wrong = "0123456789abcdef".repeat(4);
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("SYNAPSE_RAY_AUTH_TOKEN", wrong);
    var client = server(env, "wrong-token.db").client();
    JsonNode job = NewestRayServers.run(client, "hello", "add", Map.of("a", 2, "b", 3), "job");
    assertEquals("failed", job.get("status").asText(), job.toString());
    String error = job.get("error").asText();
    assertTrue(error.startsWith("Ray rejected the token: "), error);
    assertTrue(error.contains("Invalid authentication token"), error);
    assertFalse(job.toString().contains(wrong), job.toString());
    assertFalse(job.toString().contains(cluster.token()), job.toString());
  }
}
