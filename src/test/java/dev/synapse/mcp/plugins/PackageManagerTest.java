package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A manifest's {@code package_manager} and {@code package_manager_options} in local runs, as a user
 * sees them in the run's setup log: uv or pip builds the environment as the manifest says, the
 * server's allowed installer options are passed, and an option off the allowlist is refused at
 * once.
 */
class PackageManagerTest {
  private static Path dir;
  private static SynapseServer server;
  private static McpTestClient client;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("package-manager");
    Path root = Files.createDirectories(dir.resolve("plugins"));
    plugin(root, "viauv", "package_manager: uv\n", "python-slugify==8.0.4\n");
    plugin(
        root,
        "viapip",
        "package_manager: pip\npackage_manager_options: ['--only-binary=:all:']\n",
        "text-unidecode==1.3\n");
    plugin(
        root,
        "badopts",
        "package_manager: pip\npackage_manager_options: ['--no-deps']\n",
        "text-unidecode==1.3\n");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("SYNAPSE_UV", TestHome.repo().resolve(".venv/bin/uv").toString());
    // an option both installers know: pip-only ones (--prefer-binary) make uv refuse to run
    env.put("SYNAPSE_PIP_OPTIONS", "--only-binary=:all:");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", dir.resolve("home").toString());
    flags.put("plugin-path", root.toString());
    server = SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
    client =
        new McpTestClient(server.url(), server.keys().create("pm", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  private static void plugin(Path root, String code, String manifest, String requirements)
      throws IOException {
    Path pkg = Files.createDirectories(root.resolve(code).resolve("plugin"));
    Files.writeString(pkg.resolve("__init__.py"), "");
    Files.writeString(
        pkg.resolve("main.py"),
        "import importlib.metadata as md\n"
            + "def run(params, ctx):\n"
            + "    return {'installed': sorted(d.metadata['Name'].lower() for d in md.distributions())}\n");
    Files.writeString(pkg.getParent().resolve("requirements.txt"), requirements);
    Files.writeString(
        pkg.getParent().resolve("config.yaml"),
        "code: "
            + code
            + "\nname: "
            + code
            + "\nversion: 1.0.0\n"
            + manifest
            + "actions:\n  go:\n    entrypoint: plugin.main:run\n");
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  /** Runs the plugin's action to its end; returns the run and its setup log. */
  private static JsonNode[] run(String plugin) throws Exception {
    JsonNode run =
        ok(client.call("run_plugin", Map.of("plugin", plugin, "action", "go", "wait_s", 45)));
    for (int i = 0; i < 8 && !run.get("done").asBoolean(); i++) {
      run = ok(client.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 45)));
    }
    JsonNode setup =
        ok(
            client.call(
                "get_run_logs", Map.of("run_id", run.get("id").asText(), "stream", "setup")));
    return new JsonNode[] {run, setup.get("lines")};
  }

  @Test
  void uvBuildsThePluginThatAsksForUv() throws Exception {
    JsonNode[] out = run("viauv");
    assertEquals("succeeded", out[0].get("status").asText(), out[0].toString());
    assertTrue(
        out[0].at("/result/installed").toString().contains("python-slugify"), out[0].toString());
    String setup = out[1].toString();
    assertTrue(setup.contains("/uv venv --python"), setup);
    assertTrue(setup.contains("/uv pip install --no-config"), setup);
    assertTrue(setup.contains("--only-binary=:all: -- python-slugify==8.0.4"), setup);
    assertFalse(setup.contains("-m pip install"), setup);
    assertTrue(setup.contains("(uv)"), setup);
  }

  @Test
  void pipBuildsThePluginThatAsksForPipWithTheAllowedOptions() throws Exception {
    JsonNode[] out = run("viapip");
    assertEquals("succeeded", out[0].get("status").asText(), out[0].toString());
    assertTrue(
        out[0].at("/result/installed").toString().contains("text-unidecode"), out[0].toString());
    String setup = out[1].toString();
    assertTrue(setup.contains("-m venv"), setup);
    assertTrue(setup.contains("-m pip install --isolated"), setup);
    assertTrue(setup.contains("--only-binary=:all: -- text-unidecode==1.3"), setup);
    assertFalse(setup.contains("/uv "), setup);
    assertTrue(setup.contains("(pip)"), setup);
  }

  @Test
  void anInstallerOptionOffTheAllowlistIsRefusedBeforeAnyRun() throws Exception {
    int before = ok(client.call("list_runs", Map.of("limit", 500))).get("count").asInt();
    JsonNode result = client.call("run_plugin", Map.of("plugin", "badopts", "action", "go"));
    assertTrue(result.path("isError").asBoolean(), result.toString());
    String text = result.at("/content/0/text").asText();
    assertTrue(text.contains("'--no-deps' is not allowed"), text);
    assertTrue(text.contains("SYNAPSE_PIP_OPTIONS (--only-binary=:all:)"), text);
    assertFalse(text.contains("\n"), text);
    assertEquals(before, ok(client.call("list_runs", Map.of("limit", 500))).get("count").asInt());
  }
}
