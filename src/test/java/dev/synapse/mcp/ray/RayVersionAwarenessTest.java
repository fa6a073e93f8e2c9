package dev.synapse.mcp.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's Ray and Python versions in checkin and health, and task mode on a Ray the Java API
 * cannot drive: refused at once naming both versions, unless a Python driver is configured.
 */
class RayVersionAwarenessTest {
  private static Path dir;
  private static RayTestCluster cluster;
  private static NewestRayServers.Started javaOnly;
  private static NewestRayServers.Started withPython;

  @BeforeAll
  static void start() throws Exception {
    if (!RayTestCluster.newestInstalled()) {
      return; // each test then skips on its own
    }
    cluster = RayTestCluster.newest();
    dir = TempDirs.create("ray-version-test");
    Map<String, String> env = new HashMap<>(cluster.env());
    env.remove("SYNAPSE_RAY_PYTHON");
    javaOnly = NewestRayServers.start(env, dir, "java-only.db");
    // hello, and a copy of it that declares a Python older than the cluster's (3.12)
    Path oldpy = dir.resolve("plugins/oldpy");
    copy(TestHome.examples().resolve("hello"), oldpy);
    String config = Files.readString(oldpy.resolve("config.yaml"));
    Files.writeString(
        oldpy.resolve("config.yaml"),
        config.replace("code: hello", "code: oldpy\nrequires:\n  python: \"<3.11\""));
    withPython =
        NewestRayServers.start(
            cluster.env(),
            dir,
            "with-python.db",
            TestHome.examples() + ":" + dir.resolve("plugins"));
  }

  @BeforeEach
  void needsNewestRay() {
    RayTestCluster.assumeNewestInstalled();
  }

  @AfterAll
  static void stop() {
    for (var s : new NewestRayServers.Started[] {javaOnly, withPython}) {
      if (s != null) {
        s.server().stop(Duration.ofSeconds(5));
      }
    }
    if (dir != null) {
      TempDirs.delete(dir);
    }
  }

  @Test
  void taskModeOnANewerRayIsRefusedInUnderFiveSecondsNamingBothVersions() throws Exception {
    long started = System.nanoTime();
    JsonNode run =
        NewestRayServers.run(javaOnly.client(), "hello", "add", Map.of("a", 1, "b", 2), "task");
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals("failed", run.get("status").asText(), run.toString());
    String error = run.get("error").asText();
    assertTrue(error.contains("2.39.0") && error.contains(RayTestCluster.NEWEST), error);
    assertTrue(error.contains("Python 3.12"), error);
    assertFalse(error.contains("Exception") || error.contains("\n"), error);
    assertTrue(tookMs < 5000, "refused after " + tookMs + " ms");
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  @Test
  void aPluginWhosePythonTheClusterLacksIsRefusedAtOnceNamingBothVersions() throws Exception {
    for (String mode : new String[] {"task", "job"}) {
      long started = System.nanoTime();
      JsonNode run =
          NewestRayServers.run(withPython.client(), "oldpy", "add", Map.of("a", 1, "b", 2), mode);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals("failed", run.get("status").asText(), run.toString());
      String error = run.get("error").asText();
      assertTrue(
          error.startsWith(
              "oldpy@0.1.0 requires Python <3.11 but the Ray cluster runs Python 3.12."),
          error);
      assertTrue(tookMs < 5000, mode + " refused after " + tookMs + " ms");
    }
  }

  @Test
  void checkinAndHealthNameTheClusterVersions() throws Exception {
    JsonNode checkin = NewestRayServers.ok(javaOnly.client().call("checkin", Map.of()));
    JsonNode task = checkin.at("/executors/task");
    assertFalse(task.get("available").asBoolean(), checkin.toString());
    assertTrue(task.get("reason").asText().contains("2.39.0"), task.toString());
    assertEquals(RayTestCluster.NEWEST, task.get("ray_version").asText(), task.toString());
    JsonNode job = checkin.at("/executors/job");
    assertTrue(job.get("available").asBoolean(), checkin.toString());
    assertEquals(RayTestCluster.NEWEST, job.get("ray_version").asText());
    assertTrue(job.get("python_version").asText().startsWith("3.12."), job.toString());

    var res =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(withPython.server().url() + "/api/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode health = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
    assertTrue(health.at("/executors/task/available").asBoolean(), health.toString());
    assertEquals("python", health.at("/executors/task/driver").asText(), health.toString());
    assertEquals(
        RayTestCluster.NEWEST,
        health.at("/executors/task/ray_version").asText(),
        health.toString());
    assertFalse(res.body().contains(cluster.token()), "the token never shows");
  }
}
