package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.RayTestCluster;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases and manifests on the shared Ray test head: run_plugin_release in task and job mode, and
 * what a job's runtime_env is made of (the manifest's runtime_env merged with its env, the
 * requirements installed with the manifest's package manager and its allowed options), read back
 * from Ray's own Jobs API and from inside the running action.
 */
class RayReleaseRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static StoreFolder store;
  private static RayTestCluster cluster;
  private static SynapseServer server;
  private static McpTestClient client;

  @BeforeAll
  static void start() throws Exception {
    if (!RayTestCluster.installed()) {
      return; // each test then skips on its own, and is counted as skipped
    }
    cluster = RayTestCluster.shared();
    dir = TempDirs.create("ray-release-test");
    store = new StoreFolder();
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path envy = Files.createDirectories(plugins.resolve("envy/plugin"));
    Files.writeString(envy.resolve("__init__.py"), "");
    Files.writeString(
        envy.resolve("show.py"),
        "import os\n"
            + "def show(params, ctx):\n"
            + "    return {k: os.environ.get(k) for k in"
            + " ('FROM_ENV', 'FROM_RUNTIME_ENV', 'BOTH', 'PYTHONUNBUFFERED')}\n");
    Files.writeString(
        envy.getParent().resolve("config.yaml"),
        "code: envy\nname: envy\nversion: 1.0.0\n"
            + "env:\n  FROM_ENV: manifest-env\n  BOTH: from-env\n"
            + "runtime_env:\n  env_vars:\n    FROM_RUNTIME_ENV: runtime-env\n    BOTH: from-runtime-env\n"
            + "actions:\n  show:\n    entrypoint: plugin.show:show\n    method: job\n");
    copyTextstats(
        plugins.resolve("slugpip"),
        "package_manager: pip\n" + "package_manager_options: ['--prefer-binary']\n");
    copyTextstats(plugins.resolve("sluguv"), "package_manager: uv\n");
    Map<String, String> env = new HashMap<>(cluster.env());
    env.put("SYNAPSE_PIP_OPTIONS", "--prefer-binary");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", plugins.toString());
    flags.put("plugin-store", store.root.toString());
    server = SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
    client =
        new McpTestClient(server.url(), server.keys().create("rayrel", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @BeforeEach
  void needsRay() {
    RayTestCluster.assumeInstalled();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(Duration.ofSeconds(5));
    }
    if (store != null) {
      store.delete();
    }
    TempDirs.delete(dir);
  }

  /** A copy of examples/plugins/textstats under a new code, with extra manifest lines. */
  private static void copyTextstats(Path to, String manifestLines) throws IOException {
    Path from = TestHome.examples().resolve("textstats");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.toString().contains("__pycache__")) {
          Files.copy(p, target);
        }
      }
    }
    String config = Files.readString(to.resolve("config.yaml"));
    config =
        config
            .replace("code: textstats", "code: " + to.getFileName())
            .replace("package_manager: pip\n", manifestLines);
    Files.writeString(to.resolve("config.yaml"), config);
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  private static JsonNode toEnd(JsonNode run) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (!run.get("done").asBoolean() && System.currentTimeMillis() < deadline) {
      run = ok(client.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 30)));
    }
    return run;
  }

  private static JsonNode runPlugin(String plugin, String action, Map<String, Object> params)
      throws Exception {
    return toEnd(
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin", plugin, "action", action, "params", params, "mode", "job", "wait_s",
                    30))));
  }

  /** The job as Ray's Jobs API reports it (submission id = run id). */
  private static JsonNode rayJob(String runId) throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cluster.dashboard() + "/api/jobs/" + runId))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, res.statusCode(), res.body());
    return JSON.readTree(res.body());
  }

  @Test
  void aReleaseRunsInTaskAndJobModeWithTheResultOfLocalMode() throws Exception {
    String version = "5.0.0-ray";
    store.publishHello(version);
    String ref = "hello@" + version;
    ok(client.call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    Map<String, Object> params = Map.of("a", 4, "b", 2.5);
    JsonNode local = null;
    for (String mode : List.of("local", "task", "job")) {
      JsonNode run =
          toEnd(
              ok(
                  client.call(
                      "run_plugin_release",
                      Map.of(
                          "lookup", ref, "action", "add", "params", params, "mode", mode, "wait_s",
                          30))));
      assertEquals("succeeded", run.get("status").asText(), mode + ": " + run);
      assertEquals(mode, run.get("mode").asText(), run.toString());
      assertEquals(6.5, run.at("/result/sum").asDouble(), run.toString());
      if (local == null) {
        local = run.get("result");
      } else {
        assertEquals(local, run.get("result"), mode);
      }
      if (mode.equals("job")) {
        JsonNode job = rayJob(run.get("id").asText());
        assertEquals("SUCCEEDED", job.get("status").asText(), job.toString());
        assertEquals(ref, job.at("/metadata/synapse_plugin").asText(), job.toString());
      }
    }
  }

  @Test
  void aJobGetsTheManifestRuntimeEnvMergedWithItsEnv() throws Exception {
    JsonNode run = runPlugin("envy", "show", Map.of());
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    JsonNode seen = run.get("result");
    assertEquals("manifest-env", seen.get("FROM_ENV").asText(), seen.toString());
    assertEquals("runtime-env", seen.get("FROM_RUNTIME_ENV").asText(), seen.toString());
    assertEquals("from-env", seen.get("BOTH").asText(), "the manifest's env wins: " + seen);
    assertEquals("1", seen.get("PYTHONUNBUFFERED").asText(), seen.toString());
    JsonNode runtimeEnv = rayJob(run.get("id").asText()).get("runtime_env");
    assertTrue(runtimeEnv.path("working_dir").asText().startsWith("gcs://"), runtimeEnv.toString());
    assertFalse(runtimeEnv.has("pip") || runtimeEnv.has("uv"), "no requirements: " + runtimeEnv);
  }

  @Test
  void requirementsInstallWithTheManifestsPackageManagerAndAllowedOptions() throws Exception {
    JsonNode pip = runPlugin("slugpip", "slug", Map.of("text", "Pip Job"));
    assertEquals("succeeded", pip.get("status").asText(), pip.toString());
    assertEquals("pip-job", pip.at("/result/slug").asText());
    JsonNode pipEnv = rayJob(pip.get("id").asText()).get("runtime_env");
    assertFalse(pipEnv.has("uv"), pipEnv.toString());
    JsonNode packages = pipEnv.at("/pip/packages");
    assertEquals("--prefer-binary", packages.path(0).asText(), pipEnv.toString());
    assertTrue(packages.toString().contains("python-slugify"), pipEnv.toString());

    JsonNode uv = runPlugin("sluguv", "slug", Map.of("text", "Uv Job"));
    assertEquals("succeeded", uv.get("status").asText(), uv.toString());
    assertEquals("uv-job", uv.at("/result/slug").asText());
    JsonNode uvEnv = rayJob(uv.get("id").asText()).get("runtime_env");
    assertFalse(uvEnv.has("pip"), uvEnv.toString());
    assertTrue(uvEnv.path("uv").toString().contains("python-slugify"), uvEnv.toString());
  }
}
