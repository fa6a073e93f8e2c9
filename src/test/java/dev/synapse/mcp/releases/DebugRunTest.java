package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** run_debug_plugin_release: runs from source folders, overrides only ever in a private copy. */
class DebugRunTest {
  private static final String TIMES =
      "def add(params, ctx):\n    return {'sum': params['a'] * params['b'], 'debug': True}\n";
  private static Path dir;
  private static Path root;
  private static SynapseServer server;
  private static McpTestClient mcp;
  private static Rest rest;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("debug-test");
    root = Files.createDirectories(dir.resolve("plugins"));
    Path pkg = Files.createDirectories(root.resolve("shared/plugin"));
    Files.writeString(pkg.resolve("__init__.py"), "");
    Files.writeString(
        pkg.resolve("add.py"), "def add(params, ctx):\n    return {'sum': 'from a module path'}\n");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples() + ":" + root);
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    String key = server.keys().create("debugger", KeyService.DEFAULT_ROLES);
    mcp = new McpTestClient(server.url(), key).initialize();
    rest = new Rest(server.url(), key);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  private static JsonNode ok(JsonNode result) {
    return ReleaseServerTest.ok(result);
  }

  private static Map<String, String> hashes(Path folder) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(folder.relativize(p).toString(), Sha256.of(p));
      }
    }
    return out;
  }

  @Test
  void aModuleOverrideChangesTheResultWhileTheSourceStaysByteIdentical() throws Exception {
    Path hello = TestHome.examples().resolve("hello");
    Map<String, String> before = hashes(hello);
    JsonNode run =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of(
                    "action", "add",
                    "params", Map.of("a", 2, "b", 3),
                    "plugin_path", hello.toString(),
                    "modules", Map.of("plugin.add", TIMES),
                    "job_id", "debug-1")));
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals(6, run.at("/result/sum").asInt());
    assertEquals("debug-1", run.get("job_id").asText());
    assertTrue(
        run.get("debug_copy").asText().startsWith(TestHome.shared().resolve("debug").toString()));
    assertEquals(before, hashes(hello));

    JsonNode plain =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of("action", "add", "params", Map.of("a", 2, "b", 3), "plugin_path", "hello")));
    assertEquals(5, plain.at("/result/sum").asInt(), "without overrides it runs the source as is");
  }

  @Test
  void configIsMergedOverConfigYamlInThePrivateCopy() throws Exception {
    String echoEnv =
        "import os\ndef echo(params, ctx):\n    return {'greeting': os.environ.get('GREETING')}\n";
    JsonNode run =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of(
                    "action", "echo",
                    "plugin_path", TestHome.examples().resolve("hello").toString(),
                    "config", Map.of("env", Map.of("GREETING", "hi"), "description", "debug"),
                    "modules", Map.of("plugin.echo", echoEnv))));
    assertEquals("hi", run.at("/result/greeting").asText(), run.toString());
  }

  @Test
  void modulesMayBeAListOfPathsUnderThePluginRoots() throws Exception {
    JsonNode run =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of(
                    "action",
                    "add",
                    "params",
                    Map.of("a", 1, "b", 1),
                    "plugin_path",
                    "hello",
                    "modules",
                    List.of(root.resolve("shared/plugin").toString()))));
    assertEquals("from a module path", run.at("/result/sum").asText(), run.toString());
    String refused =
        ReleaseServerTest.error(
            mcp.call(
                "run_debug_plugin_release",
                Map.of("action", "add", "plugin_path", "hello", "modules", List.of("/etc"))));
    assertTrue(refused.contains("outside the plugin roots"), refused);
    String missing =
        ReleaseServerTest.error(
            mcp.call(
                "run_debug_plugin_release",
                Map.of("action", "add", "plugin_path", "hello", "modules", List.of("/nope/x.py"))));
    assertEquals(refused.replace("/etc", "/nope/x.py"), missing, "a path's existence leaks");
  }

  @Test
  void aConfigOverrideWithAPathLikeVersionIsRefused() throws Exception {
    for (String version : List.of("../../../x", "1.0\u202e")) {
      String refused =
          ReleaseServerTest.error(
              mcp.call(
                  "run_debug_plugin_release",
                  Map.of(
                      "action",
                      "add",
                      "plugin_path",
                      "hello",
                      "config",
                      Map.of("version", version))));
      assertTrue(refused.contains("'version' must be"), refused);
    }
  }

  @Test
  void requirementsInstallAPackageTheOverrideImports() throws Exception {
    String slug =
        "from slugify import slugify\n"
            + "def add(params, ctx):\n    return {'slug': slugify('Debug Run %s' % params['a'])}\n";
    JsonNode run =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of(
                    "action",
                    "add",
                    "params",
                    Map.of("a", 7, "b", 0),
                    "plugin_path",
                    "hello",
                    "modules",
                    Map.of("plugin.add", slug),
                    "requirements",
                    List.of("python-slugify==8.0.4"),
                    "wait_s",
                    45)));
    for (int i = 0; i < 8 && !run.get("done").asBoolean(); i++) {
      run = ok(mcp.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 45)));
    }
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals("debug-run-7", run.at("/result/slug").asText());
  }

  @Test
  void restRunDebugAnswersWithTheResultAndFieldErrors() throws Exception {
    Rest.Answer res =
        rest.post(
            "plugin_releases/run_debug/",
            Map.of(
                "action", "add",
                "params", Map.of("a", 3, "b", 3),
                "plugin_path", TestHome.examples().resolve("hello").toString(),
                "modules", Map.of("plugin.add", TIMES)));
    assertEquals(200, res.status(), res.raw().body());
    assertEquals(9, res.body().get("sum").asInt());
    Rest.Answer outside =
        rest.post("plugin_releases/run_debug/", Map.of("action", "add", "plugin_path", "/etc"));
    assertEquals(400, outside.status());
    assertTrue(outside.body().get("plugin_path").get(0).asText().contains("outside"));
    Rest.Answer noAction = rest.post("plugin_releases/run_debug/", Map.of("plugin_path", "hello"));
    assertEquals(400, noAction.status());
    assertTrue(noAction.body().has("action"), noAction.raw().body());
    Rest.Answer badModule =
        rest.post(
            "plugin_releases/run_debug/",
            Map.of("action", "add", "plugin_path", "hello", "modules", Map.of("../x", "y")));
    assertEquals(400, badModule.status());
    assertTrue(badModule.body().has("modules"), badModule.raw().body());
  }

  @Test
  void privateCopiesLeaveOutWhatSynapseIgnoreExcludes() throws Exception {
    Path src = Files.createDirectories(root.resolve("ign"));
    Files.writeString(
        src.resolve("config.yaml"),
        "code: ign\nname: Ign\nversion: 1.0.0\nactions:\n  echo:\n    entrypoint: plugin.echo:echo\n");
    Files.createDirectories(src.resolve("plugin"));
    Files.writeString(src.resolve("plugin/__init__.py"), "");
    Files.writeString(src.resolve("plugin/echo.py"), "def echo(params, ctx):\n    return params\n");
    Files.createDirectories(src.resolve("data"));
    Files.writeString(src.resolve("data/huge.bin"), "x");
    Files.writeString(src.resolve(".synapseignore"), "data/\n");
    JsonNode run =
        ok(
            mcp.call(
                "run_debug_plugin_release",
                Map.of(
                    "action", "echo",
                    "params", Map.of("n", 1),
                    "plugin_path", src.toString(),
                    "config", Map.of("description", "x"))));
    assertEquals(1, run.at("/result/n").asInt(), run.toString());
    Path copy = Path.of(run.get("debug_copy").asText());
    assertTrue(Files.isRegularFile(copy.resolve("plugin/echo.py")));
    assertTrue(Files.notExists(copy.resolve("data")));
  }

  @Test
  void withoutAStoreCreateSaysHowToConfigureOne() throws Exception {
    String message =
        ReleaseServerTest.error(
            mcp.call("create_plugin_release", Map.of("plugin", "hello", "version", "0.1.0")));
    assertTrue(message.contains("SYNAPSE_PLUGIN_STORE"), message);
  }
}
