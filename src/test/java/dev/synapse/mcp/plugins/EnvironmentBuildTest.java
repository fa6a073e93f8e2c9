package dev.synapse.mcp.plugins;

import static org.awaitility.Awaitility.await;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Environments built in the background, against the real PyPI mirror, uv and pip: a run exists at
 * once as {@code preparing} while a cold environment builds (the SDK plugin, with uv, while another
 * process holds the build lock), streams the build, survives a second concurrent run of the same
 * plugin, and is reused afterwards; cancelling the only waiting run stops pip; a bad requirement is
 * remembered and reported at once until the configured time passes.
 */
class EnvironmentBuildTest {
  private static final String MISSING = "synapse-mcp-no-such-package-anywhere";
  private static final int FAILURE_TTL_S = 6;
  private static Path dir;
  private static Path home;
  private static SynapseServer server;
  private static McpTestClient client;
  private static Map<String, String> env;
  private static Path root;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("env-build");
    home = dir.resolve("home");
    root = Files.createDirectories(dir.resolve("plugins"));
    Path sdk = TestHome.repo().resolve("examples/sdk-plugins/sdkdemo");
    copy(sdk, root.resolve("sdkcold"), "code: sdkdemo", "code: sdkcold");
    copy(
        sdk,
        root.resolve("sdkcancel"),
        "code: sdkdemo",
        "code: sdkcancel\npackage_manager: pip",
        // a different environment: comments do not count (requirements are compared parsed),
        // so one more requirement the SDK pulls in anyway
        "pydantic>=2\n");
    Path bad = Files.createDirectories(root.resolve("badreq/plugin"));
    Files.writeString(bad.resolve("__init__.py"), "");
    Files.writeString(bad.resolve("main.py"), "def run(params, ctx):\n    return {}\n");
    Files.writeString(bad.getParent().resolve("requirements.txt"), MISSING + "==0.0.1\n");
    Files.writeString(
        bad.getParent().resolve("config.yaml"),
        "code: badreq\nname: bad\nactions:\n  go:\n    entrypoint: plugin.main:run\n");
    env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("SYNAPSE_UV", TestHome.repo().resolve(".venv/bin/uv").toString());
    env.put("SYNAPSE_ENV_FAILURE_TTL_S", String.valueOf(FAILURE_TTL_S));
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", home.toString());
    flags.put("plugin-path", root.toString());
    server = SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
    client =
        new McpTestClient(server.url(), server.keys().create("envs", KeyService.DEFAULT_ROLES))
            .initialize();
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  @Test
  void aColdBuildAnswersAtOnceStreamsItsSetupAndIsBuiltOnceForConcurrentRuns() throws Exception {
    Map<String, Object> args =
        Map.of(
            "plugin", "sdkcold", "action", "count", "params", Map.of("dataset", "3"), "wait_s", 5);
    // Another process (a second server or the CLI on this home) is building the same environment:
    // it holds the build lock for a while, so this server's build waits for it, whatever the speed.
    String key =
        new PythonEnvironments(home, EnvSettings.from(env))
            .spec(
                new PluginDiscovery(List.of(root)).read(root.resolve("sdkcold")).plugin(),
                List.of())
            .key();
    Path lock = Files.createDirectories(home.resolve("venvs")).resolve(key + ".lock");
    Process holder =
        new ProcessBuilder(
                TestHome.repo().resolve(".venv/bin/python").toString(),
                "-c",
                "import fcntl, sys, time\n"
                    + "f = open(sys.argv[1], 'w'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True); time.sleep(12)",
                lock.toString())
            .redirectErrorStream(true)
            .start();
    assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
    CompletableFuture<JsonNode> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return client.call("run_plugin", args);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    List<McpTestClient.Timed> messages = client.callTimed("run_plugin", args);
    McpTestClient.Timed last = messages.get(messages.size() - 1);
    JsonNode run = ok(last.message().get("result"));
    assertTrue(last.ms() < 8000, "run_plugin answered after " + last.ms() + " ms");
    assertEquals("preparing", run.get("status").asText(), run.toString());
    List<McpTestClient.Timed> progress =
        messages.stream()
            .filter(m -> "notifications/progress".equals(m.message().path("method").asText()))
            .toList();
    assertFalse(progress.isEmpty(), "no progress notification during the build: " + messages);
    assertTrue(
        progress.get(0).message().at("/params/message").asText().startsWith("preparing"),
        progress.toString());
    System.out.println(
        "BENCH first progress notification during a cold build: " + progress.get(0).ms() + " ms");
    JsonNode other = ok(second.get());
    assertEquals("preparing", other.get("status").asText(), other.toString());
    String id = run.get("id").asText();
    JsonNode listed = ok(client.call("list_runs", Map.of("status", "preparing")));
    assertTrue(listed.toString().contains(id), listed.toString());

    List<String> waiting = setupLines(id);
    assertTrue(
        String.join("\n", waiting).contains("another process is building this environment"),
        waiting.toString());
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> setupLines(id).size() > waiting.size() || done(id));
    holder.waitFor();

    JsonNode end = waitToEnd(id);
    assertEquals("succeeded", end.get("status").asText(), end.toString());
    assertEquals(3, end.at("/result/counted").asInt(), end.toString());
    assertEquals("succeeded", waitToEnd(other.get("id").asText()).get("status").asText());
    String setup = String.join("\n", setupLines(id));
    assertTrue(setup.contains("installing with uv"), setup);
    assertTrue(setup.contains("environment ready in"), setup);

    JsonNode again = runToEnd(args);
    assertEquals("succeeded", again.get("status").asText(), again.toString());
    assertEquals(List.of(), setupLines(again.get("id").asText()), "the second run installed again");
  }

  @Test
  void cancellingTheOnlyRunWaitingForABuildStopsTheInstaller() throws Exception {
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "sdkcancel",
                    "action",
                    "count",
                    "params",
                    Map.of("dataset", 1),
                    "wait_s",
                    0)));
    String id = run.get("id").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> String.join("\n", setupLines(id)).contains("installing requirements:"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !installers().isEmpty());
    JsonNode cancelled = ok(client.call("cancel_run", Map.of("run_id", id)));
    assertEquals("cancelled", cancelled.get("status").asText(), cancelled.toString());
    await().atMost(Duration.ofSeconds(15)).until(() -> installers().isEmpty());
  }

  @Test
  void aBadRequirementIsRememberedReportedAtOnceAndBuiltAgainAfterItsTime() throws Exception {
    JsonNode first = runToEnd(Map.of("plugin", "badreq", "action", "go", "wait_s", 45));
    assertEquals("failed", first.get("status").asText(), first.toString());
    assertTrue(first.get("error").asText().contains(MISSING), first.toString());

    long t0 = System.nanoTime();
    JsonNode action = ok(client.call("get_action", Map.of("plugin", "badreq", "action", "go")));
    assertTrue(action.at("/action/error").asText().contains(MISSING), action.toString());
    assertEquals("failed", action.at("/action/environment/state").asText(), action.toString());
    String refused = error(client.call("run_plugin", Map.of("plugin", "badreq", "action", "go")));
    assertTrue(refused.contains(MISSING) && refused.contains("retry=true"), refused);
    JsonNode state = ok(client.call("prepare_environment", Map.of("plugin", "badreq")));
    assertEquals("failed", state.get("state").asText(), state.toString());
    assertTrue(state.get("error").asText().contains(MISSING), state.toString());
    assertTrue(state.get("lines").toString().contains(MISSING), state.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 6000, "three answers took " + ms + " ms");

    JsonNode retried =
        ok(client.call("prepare_environment", Map.of("plugin", "badreq", "retry", true)));
    assertFalse(retried.get("state").asText().equals("failed"), retried.toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                ok(client.call("prepare_environment", Map.of("plugin", "badreq")))
                    .get("state")
                    .asText()
                    .equals("failed"));

    Thread.sleep((FAILURE_TTL_S + 1) * 1000L);
    JsonNode after =
        ok(client.call("run_plugin", Map.of("plugin", "badreq", "action", "go", "wait_s", 0)));
    assertEquals("preparing", after.get("status").asText(), after.toString());
  }

  /**
   * pip processes installing sdkcancel's requirements (argv[0], the venv's python, is not shown).
   */
  /**
   * The installer of sdkcancel's environment: pip gets the parsed requirements (its command line
   * names the real interpreter, not the virtualenv's link to it), and only that plugin adds
   * pydantic>=2 to the SDK.
   */
  private static List<ProcessHandle> installers() {
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String cmd = p.info().commandLine().orElse("");
              return cmd.contains("pip install")
                  && cmd.contains("synapse-sdk==")
                  && cmd.contains("pydantic>=2");
            })
        .toList();
  }

  private static List<String> setupLines(String id) throws Exception {
    JsonNode logs =
        ok(client.call("get_run_logs", Map.of("run_id", id, "stream", "setup", "tail", 1000)));
    List<String> out = new java.util.ArrayList<>();
    logs.path("lines").forEach(l -> out.add(l.isTextual() ? l.asText() : l.toString()));
    return out;
  }

  private static boolean done(String id) throws Exception {
    return ok(client.call("get_run", Map.of("run_id", id))).get("done").asBoolean();
  }

  private static JsonNode waitToEnd(String id) throws Exception {
    JsonNode run = ok(client.call("get_run", Map.of("run_id", id)));
    for (int i = 0; i < 8 && !run.get("done").asBoolean(); i++) {
      run = ok(client.call("wait_run", Map.of("run_id", id, "wait_s", 45)));
    }
    return run;
  }

  private static JsonNode runToEnd(Map<String, Object> args) throws Exception {
    return waitToEnd(ok(client.call("run_plugin", args)).get("id").asText());
  }

  static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  static String error(JsonNode result) {
    assertTrue(result.path("isError").asBoolean(), result.toString());
    return result.at("/content/0/text").asText();
  }

  private static void copy(Path from, Path to, String find, String replace, String... extraReq)
      throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.toString().contains("__pycache__")) {
          Files.copy(p, target);
        }
      }
    }
    Path config = to.resolve("config.yaml");
    Files.writeString(config, Files.readString(config).replace(find, replace));
    for (String line : extraReq) {
      Files.writeString(
          to.resolve("requirements.txt"), Files.readString(to.resolve("requirements.txt")) + line);
    }
  }
}
