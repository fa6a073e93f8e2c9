package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.HostileRequirements;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile requirements from every source (run_plugin, debug runs over MCP and REST, a plugin root's
 * requirements.txt, a release archive's requirements.txt, manifest pip options) are refused before
 * anything is stored; no virtualenv (so no pip) is ever made and pip's --log target never appears.
 */
class PipInjectionTest {
  private static Path dir;
  private static Path home;
  private static Path log;
  private static StoreFolder store;
  private static SynapseServer server;
  private static McpTestClient mcp;
  private static Rest rest;
  private static List<String> hostile;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("pip-injection");
    home = Files.createDirectories(dir.resolve("home"));
    log = dir.resolve("pwned.log");
    hostile =
        HostileRequirements.ALL.stream()
            .map(h -> h.replace("/tmp/synapse-pwned.log", log.toString()))
            .toList();
    Path root = Files.createDirectories(dir.resolve("plugins"));
    plugin(root.resolve("clean"), "clean", "");
    for (int i = 0; i < hostile.size(); i++) {
      plugin(root.resolve("bad" + i), "bad" + i, "");
      Files.writeString(root.resolve("bad" + i + "/requirements.txt"), hostile.get(i) + "\n");
    }
    plugin(
        root.resolve("opts"),
        "opts",
        "package_manager_options: ['--index-url=https://example.invalid/simple']\n");
    store = new StoreFolder();
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", home.toString());
    flags.put("plugin-path", root.toString());
    flags.put("plugin-store", store.root.toString());
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    String key = server.keys().create("attacker", KeyService.DEFAULT_ROLES);
    mcp = new McpTestClient(server.url(), key).initialize();
    rest = new Rest(server.url(), key);
  }

  private static void plugin(Path dir, String code, String extra) throws Exception {
    Files.createDirectories(dir.resolve("plugin"));
    Files.writeString(
        dir.resolve("config.yaml"),
        "code: "
            + code
            + "\nname: X\nversion: 1.0.0\n"
            + extra
            + "actions:\n  echo:\n    entrypoint: plugin.echo:echo\n");
    Files.writeString(dir.resolve("plugin/__init__.py"), "");
    Files.writeString(dir.resolve("plugin/echo.py"), "def echo(params, ctx):\n    return params\n");
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    store.delete();
    TempDirs.delete(dir);
  }

  private static void refused(JsonNode result, String what) {
    String text = ReleaseServerTest.error(result);
    assertTrue(
        text.contains("refused") || text.contains("not allowed") || text.contains("at most"),
        what + ": " + text);
    assertTrue(!text.contains(home.toString()), "a server path in: " + text);
  }

  @Test
  void everyHostileRequirementIsRefusedFromEverySourceAndPipNeverRuns() throws Exception {
    for (int i = 0; i < hostile.size(); i++) {
      String h = hostile.get(i);
      refused(
          mcp.call(
              "run_plugin",
              Map.of("plugin", "clean", "action", "echo", "requirements", List.of(h))),
          h);
      refused(
          mcp.call(
              "run_debug_plugin_release",
              Map.of("action", "echo", "plugin_path", "clean", "requirements", List.of(h))),
          h);
      Rest.Answer debug =
          rest.post(
              "plugin_releases/run_debug/",
              Map.of("action", "echo", "plugin_path", "clean", "requirements", List.of(h)));
      assertEquals(400, debug.status(), h + ": " + debug.raw().body());
      if (h.isBlank()) {
        continue; // an empty requirements.txt is fine
      }
      refused(mcp.call("run_plugin", Map.of("plugin", "bad" + i, "action", "echo")), h);
      store.writeZip(
          "9." + i + ".0", Map.of("requirements.txt", (h + "\n").getBytes(StandardCharsets.UTF_8)));
      refused(
          mcp.call("create_plugin_release", Map.of("plugin", "hello", "version", "9." + i + ".0")),
          h);
    }
    refused(mcp.call("run_plugin", Map.of("plugin", "opts", "action", "echo")), "pip options");

    assertEquals(
        0, ReleaseServerTest.ok(mcp.call("list_runs", Map.of())).get("runs").size(), "runs stored");
    assertEquals(
        0,
        ReleaseServerTest.ok(mcp.call("list_plugin_releases", Map.of())).get("count").asInt(),
        "releases stored");
    assertTrue(Files.notExists(home.resolve("venvs")), "a virtualenv was made: pip ran");
    assertTrue(Files.notExists(log), "pip --log wrote its file");
    try (var left = Files.list(home.resolve("releases"))) {
      assertEquals(List.of(), left.filter(p -> !p.getFileName().startsWith(".")).toList());
    }

    // the same calls without the hostile entries work: the refusals were the requirements'
    JsonNode ok =
        ReleaseServerTest.ok(
            mcp.call(
                "run_plugin",
                Map.of(
                    "plugin", "clean", "action", "echo", "params", Map.of("n", 1), "wait_s", 30)));
    assertEquals("succeeded", ok.get("status").asText(), ok.toString());
  }
}
