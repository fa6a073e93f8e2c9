package dev.synapse.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import dev.synapse.mcp.testing.TempDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
  private Path dir;
  private Map<String, String> env;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("cli-test");
    env = Map.of("SYNAPSE_HOME", dir.toString());
  }

  @AfterEach
  void tearDown() {
    TempDirs.delete(dir);
  }

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Main.run(
            List.of(args),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void pluginsPrepareBuildsShowingTheInstallerAndReportsAFailureWithItsLines() throws Exception {
    Path plugin = java.nio.file.Files.createDirectories(dir.resolve("plugins/needy/plugin"));
    java.nio.file.Files.writeString(plugin.resolve("main.py"), "def go(params):\n    return 1\n");
    java.nio.file.Files.writeString(
        plugin.getParent().resolve("config.yaml"),
        "code: needy\nname: needy\nactions:\n  go:\n    entrypoint: plugin.main:go\n");
    java.nio.file.Files.writeString(
        plugin.getParent().resolve("requirements.txt"), "synapse-mcp-cli-no-such-package==0.0.1\n");
    env =
        Map.of(
            "SYNAPSE_HOME",
            dir.toString(),
            "PATH",
            System.getenv("PATH"),
            "SYNAPSE_UV",
            dev.synapse.mcp.testing.TestHome.repo().resolve(".venv/bin/uv").toString());
    String root = dir.resolve("plugins").toString();
    Result first = run("plugins", "prepare", "needy", "--plugin-path", root);
    assertEquals(1, first.code(), first.err());
    assertTrue(first.err().contains("installing requirements: "), first.err());
    assertTrue(first.out().contains("\"state\" : \"failed\""), first.out());
    assertTrue(first.out().contains("synapse-mcp-cli-no-such-package"), first.out());
    Result again = run("plugins", "prepare", "needy", "--plugin-path", root);
    assertEquals(1, again.code());
    assertFalse(again.err().contains("installing requirements: "), "remembered: " + again.err());
    Result retried = run("plugins", "prepare", "needy", "--retry", "--plugin-path", root);
    assertTrue(retried.err().contains("installing requirements: "), retried.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"keys", "--help"},
          {"keys", "create", "--help"},
          {"sessions", "--help"}
        }) {
      Result r = run(cmd);
      assertEquals(0, r.code(), String.join(" ", cmd));
      assertTrue(r.out().contains("Usage:") || r.out().contains("Usage: "), r.out());
    }
  }

  @Test
  void everyCommandAndSubcommandHasGeneratedHelp() {
    List<List<String>> paths = new java.util.ArrayList<>();
    collect(Main.commandLine(new Io(env, System.out, System.err)), List.of(), paths);
    assertTrue(paths.size() >= 16, "the whole tree: " + paths);
    for (List<String> path : paths) {
      List<String> args = new java.util.ArrayList<>(path);
      args.add("--help");
      Result r = run(args.toArray(String[]::new));
      String shown = String.join(" ", path);
      assertEquals(0, r.code(), shown + ": " + r.err());
      assertTrue(
          r.out().startsWith("Usage: synapse-mcp" + (path.isEmpty() ? "" : " " + shown)),
          shown + ": " + r.out());
      assertTrue(r.out().contains("-h, --help"), shown + ": " + r.out());
      assertEquals("", r.err(), shown);
    }
    for (String[] cmd :
        new String[][] {
          {"plugins", "pack", "-h"}, {"runs", "logs", "--help"}, {"keys", "revoke", "--help"}
        }) {
      assertEquals(0, run(cmd).code(), String.join(" ", cmd));
    }
  }

  private static void collect(picocli.CommandLine cli, List<String> path, List<List<String>> into) {
    into.add(path);
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> next = new java.util.ArrayList<>(path);
              next.add(name);
              collect(sub, next, into);
            });
  }

  @Test
  void usageErrorsExitTwoWithOneLineNamingTheHelp() {
    Result noName = run("keys", "create");
    assertEquals(2, noName.code());
    assertEquals(1, noName.err().strip().lines().count(), noName.err());
    assertTrue(noName.err().contains("--name"), noName.err());
    assertTrue(noName.err().contains("(see synapse-mcp keys create --help)"), noName.err());
    Result badPort = run("serve", "--port", "eighty");
    assertEquals(2, badPort.code());
    assertEquals(
        "synapse-mcp: --port must be a whole number; got 'eighty' (see synapse-mcp serve --help)",
        badPort.err().strip());
    Result noRun = run("runs", "logs");
    assertEquals(2, noRun.code());
    assertTrue(noRun.err().contains("RUN_ID"), noRun.err());
    Result unknownSub = run("keys", "frobnicate");
    assertEquals(2, unknownSub.code());
    assertTrue(
        unknownSub.err().contains("unknown command 'frobnicate' for synapse-mcp keys"),
        unknownSub.err());
    Result extra = run("audit", "everything");
    assertEquals(2, extra.code());
    assertEquals(1, extra.err().strip().lines().count(), extra.err());
    Result bare = run("keys");
    assertEquals(2, bare.code(), "a group without its subcommand shows its usage");
    assertTrue(bare.out().startsWith("Usage: synapse-mcp keys"), bare.out());
    for (Result r : List.of(noName, badPort, noRun, unknownSub, extra)) {
      assertFalse(r.err().contains("Exception"), r.err());
      assertFalse(r.err().contains("\tat "), r.err());
      assertEquals("", r.out(), "nothing on stdout for a usage error");
    }
  }

  @Test
  void keysCreatePrintsOnlyTheKeyAndListNeverShowsIt() {
    Result created = run("keys", "create", "--name", "ci-bot", "--roles", "session,run");
    assertEquals(0, created.code(), created.err());
    String key = created.out().trim();
    assertTrue(key.matches("syn_[0-9a-f]{40}"), key);

    Result list = run("keys", "list");
    assertTrue(list.out().contains("ci-bot"), list.out());
    assertFalse(list.out().contains("1970-01-01"), "a live key listed as revoked: " + list.out());
    assertTrue(list.out().strip().endsWith("-"), "a live key lists '-' as revoked: " + list.out());
    assertTrue(list.out().contains("run,session"), list.out());
    assertFalse(list.out().contains(key), "keys list printed a key");

    try (Database db = Database.open(dir.resolve("synapse.db"), 1)) {
      assertTrue(
          new KeyService(SqliteStores.on(db).keys(), Clock.systemUTC())
              .authenticate(key)
              .isPresent());
    }
    assertEquals(0, run("keys", "revoke", "ci-bot").code());
    try (Database db = Database.open(dir.resolve("synapse.db"), 1)) {
      assertTrue(
          new KeyService(SqliteStores.on(db).keys(), Clock.systemUTC())
              .authenticate(key)
              .isEmpty());
    }
  }

  @Test
  void badUsageGetsOneLineAndExitCode2() {
    Result unknown = run("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown command"), unknown.err());
    Result badRole = run("keys", "create", "--name", "x", "--roles", "god");
    assertEquals(2, badRole.code());
    assertTrue(badRole.err().contains("unknown role 'god'"), badRole.err());
    Result badFlag = run("sessions", "list", "--colour", "red");
    assertEquals(2, badFlag.code());
    assertTrue(badFlag.err().contains("--colour"), badFlag.err());
    Result badStatus = run("sessions", "list", "--status", "zombie");
    assertEquals(2, badStatus.code());
    assertEquals(1, badStatus.err().strip().lines().count(), badStatus.err());
  }

  @Test
  void sessionsListShowsEveryAgentsSessionsAndFiltersThem() {
    Result empty = run("sessions", "list");
    assertEquals(0, empty.code(), empty.err());
    assertTrue(empty.out().contains("(no sessions)"), empty.out());
    String keyA = run("keys", "create", "--name", "alice").out().trim();
    String keyB = run("keys", "create", "--name", "bob").out().trim();
    try (Database db = Database.open(dir.resolve("synapse.db"), 1)) {
      var keys = new KeyService(SqliteStores.on(db).keys(), Clock.systemUTC());
      var sessions = new SessionService(SqliteStores.on(db).sessions(), Clock.systemUTC());
      sessions.create(keys.authenticate(keyA).orElseThrow(), "alpha-work", null, null);
      var bob = keys.authenticate(keyB).orElseThrow();
      sessions.close(bob, sessions.create(bob, "beta-work", null, null).id());
    }
    Result all = run("sessions", "list");
    assertEquals(0, all.code(), all.err());
    assertTrue(all.out().contains("alpha-work") && all.out().contains("beta-work"), all.out());
    assertTrue(all.out().contains("alice") && all.out().contains("bob"), all.out());
    assertFalse(all.out().contains("(no sessions)"), all.out());
    Result ofAlice = run("sessions", "list", "--agent", "alice");
    assertTrue(ofAlice.out().contains("alpha-work"), ofAlice.out());
    assertFalse(ofAlice.out().contains("beta-work"), ofAlice.out());
    Result closed = run("sessions", "list", "--status", "closed");
    assertTrue(closed.out().contains("beta-work"), closed.out());
    assertFalse(closed.out().contains("alpha-work"), closed.out());
    Result one = run("sessions", "list", "--limit", "1");
    assertEquals(2, one.out().strip().lines().count(), "a header and one session: " + one.out());
  }

  @Test
  void pluginsRunShowsProgressPrintsTheResultAndIsRecorded() {
    env =
        Map.of(
            "SYNAPSE_HOME", dev.synapse.mcp.testing.TestHome.shared().toString(),
            "SYNAPSE_DB", dir.resolve("cli.db").toString(),
            "SYNAPSE_PLUGIN_PATH", dev.synapse.mcp.testing.TestHome.examples().toString());
    Result list = run("plugins", "list");
    assertTrue(list.out().contains("hello") && list.out().contains("add"), list.out());
    Result add = run("plugins", "run", "hello", "add", "--params", "{\"a\": 2, \"b\": 40}");
    assertEquals(0, add.code(), add.err());
    assertTrue(add.out().contains("\"sum\" : 42"), add.out());
    Result train = run("plugins", "run", "trainer", "train", "--params", "{\"epochs\": 2}");
    assertEquals(0, train.code(), train.err());
    assertTrue(train.err().contains("[train]"), "progress on the terminal: " + train.err());
    Result bad = run("plugins", "run", "hello", "add", "--params", "{\"a\": \"x\"}");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("params.a"), bad.err());
    Result fail = run("plugins", "run", "hello", "fail");
    assertEquals(1, fail.code());
    assertTrue(fail.err().contains("ValueError"), fail.err());
    Result runs = run("runs", "list");
    assertTrue(runs.out().contains("hello add") && runs.out().contains("succeeded"), runs.out());
    String failedId =
        runs.out()
            .lines()
            .filter(l -> l.contains("hello fail"))
            .findFirst()
            .orElseThrow()
            .split(" ")[0];
    Result logs = run("runs", "logs", failedId);
    assertTrue(logs.out().contains("ValueError: boom"), logs.out());

    Result onlyFailed = run("runs", "list", "--status", "failed");
    assertTrue(onlyFailed.out().contains("hello fail"), onlyFailed.out());
    assertFalse(onlyFailed.out().contains("succeeded"), onlyFailed.out());
    Result onlyTrainer = run("runs", "list", "--plugin", "trainer");
    assertTrue(onlyTrainer.out().contains("trainer train"), onlyTrainer.out());
    assertFalse(onlyTrainer.out().contains("hello"), onlyTrainer.out());
    Result newest = run("runs", "list", "--limit", "1");
    assertEquals(2, newest.out().strip().lines().count(), newest.out());
    assertTrue(newest.out().contains("hello fail"), "newest first: " + newest.out());

    List<String> full = logs.out().lines().toList();
    assertTrue(full.size() > 2, logs.out());
    Result tail = run("runs", "logs", failedId, "--tail", "2");
    assertEquals(full.subList(full.size() - 2, full.size()), tail.out().lines().toList());
    Result setup = run("runs", "logs", failedId, "--stream", "setup");
    assertEquals(0, setup.code(), setup.err());
    assertFalse(
        setup.out().contains("ValueError"), "setup stream is not the action's: " + setup.out());
    Result badStream = run("runs", "logs", failedId, "--stream", "stdout");
    assertEquals(2, badStream.code(), badStream.out());
    assertEquals(1, badStream.err().strip().lines().count(), badStream.err());
  }

  @Test
  void pluginsRunPassesModeAndTimeout() {
    env =
        Map.of(
            "SYNAPSE_HOME", dev.synapse.mcp.testing.TestHome.shared().toString(),
            "SYNAPSE_DB", dir.resolve("cli.db").toString(),
            "SYNAPSE_PLUGIN_PATH", dev.synapse.mcp.testing.TestHome.examples().toString());
    Result slow =
        run("plugins", "run", "hello", "sleep", "--params", "{\"seconds\": 30}", "--timeout", "1");
    assertEquals(1, slow.code(), slow.err());
    assertTrue(slow.err().contains("timed out after 1 s"), slow.err());
    Result badMode = run("plugins", "run", "hello", "add", "--params", "{}", "--mode", "cloud");
    assertEquals(2, badMode.code(), badMode.err());
    assertTrue(badMode.err().contains("mode must be local, task or job"), badMode.err());
    Result badTimeout = run("plugins", "run", "hello", "add", "--timeout", "soon");
    assertEquals(2, badTimeout.code(), badTimeout.err());
    assertTrue(badTimeout.err().contains("--timeout must be a whole number"), badTimeout.err());
    Result badLimit = run("runs", "list", "--limit", "many");
    assertEquals(2, badLimit.code(), badLimit.err());
    assertTrue(badLimit.err().contains("--limit must be a whole number"), badLimit.err());
    assertTrue(run("runs", "list").out().contains("timed out"), "recorded");
  }

  @Test
  void noAuthIsRefusedOffLoopback() {
    Result r = run("serve", "--host", "0.0.0.0", "--no-auth", "--port", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("loopback"), r.err());
  }
}
