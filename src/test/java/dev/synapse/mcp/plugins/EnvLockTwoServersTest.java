package dev.synapse.mcp.plugins;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real {@code serve} processes on one home, each asked at once to run a plugin whose
 * environment does not exist yet: one builds it, the other waits for that build and reuses it.
 */
class EnvLockTwoServersTest {
  private Path dir;
  private final List<ServerProcess> servers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("env-lock-2");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (ServerProcess s : servers) {
      s.close();
    }
    TempDirs.delete(dir);
  }

  private McpTestClient server(String name, Path home, Path plugins) throws Exception {
    Path own = Files.createDirectories(dir.resolve(name));
    var s =
        new ServerProcess(
            own,
            Map.of(
                "SYNAPSE_HOME", home.toString(),
                "SYNAPSE_DB", own.resolve("synapse.db").toString(),
                "SYNAPSE_PLUGIN_PATH", plugins.toString(),
                "SYNAPSE_UV", TestHome.repo().resolve(".venv/bin/uv").toString(),
                "PATH", System.getenv("PATH")));
    servers.add(s);
    String key = s.cli("keys", "create", "--name", name);
    s.serve();
    return new McpTestClient(s.url(), key).initialize();
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  private static JsonNode runToEnd(McpTestClient c) {
    try {
      JsonNode run =
          ok(
              c.call(
                  "run_plugin",
                  Map.of(
                      "plugin",
                      "textstats",
                      "action",
                      "slug",
                      "params",
                      Map.of("text", "Two Servers"),
                      "wait_s",
                      5)));
      for (int i = 0; i < 8 && !run.get("done").asBoolean(); i++) {
        run = ok(c.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 45)));
      }
      return run;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String setupLog(McpTestClient c, JsonNode run) throws Exception {
    return ok(c.call("get_run_logs", Map.of("run_id", run.get("id").asText(), "stream", "setup")))
        .get("lines")
        .toString();
  }

  @Test
  void twoServersBuildingTheSameEnvironmentBuildItOnceAndBothUseIt() throws Exception {
    Path home = dir.resolve("home");
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path textstats = TestHome.examples().resolve("textstats");
    try (Stream<Path> walk = Files.walk(textstats)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = plugins.resolve("textstats").resolve(textstats.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    McpTestClient a = server("a", home, plugins);
    McpTestClient b = server("b", home, plugins);

    var first = CompletableFuture.supplyAsync(() -> runToEnd(a));
    var second = CompletableFuture.supplyAsync(() -> runToEnd(b));
    JsonNode runA = first.get();
    JsonNode runB = second.get();
    assertEquals("succeeded", runA.get("status").asText(), runA.toString());
    assertEquals("succeeded", runB.get("status").asText(), runB.toString());
    assertEquals("two-servers", runA.at("/result/slug").asText(), runA.toString());
    assertEquals("two-servers", runB.at("/result/slug").asText(), runB.toString());

    List<String> logs = List.of(setupLog(a, runA), setupLog(b, runB));
    long installs = logs.stream().filter(l -> l.contains("installing requirements")).count();
    assertEquals(1, installs, "exactly one server installs: " + logs);
    String waiter =
        logs.stream().filter(l -> !l.contains("installing requirements")).findFirst().orElseThrow();
    assertTrue(
        waiter.contains("another process is building this environment"),
        "the other server waited for the build: " + logs);

    List<Path> envs;
    try (Stream<Path> list = Files.list(home.resolve("venvs"))) {
      envs =
          list.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))
              .toList();
    }
    assertEquals(1, envs.size(), "one environment: " + envs);
    assertTrue(Files.exists(envs.get(0).resolve(".synapse-ready")), "the environment is complete");

    JsonNode again = runToEnd(b);
    assertEquals("succeeded", again.get("status").asText(), again.toString());
    assertEquals("[]", setupLog(b, again), "a later run reuses it without installing");
  }
}
