package dev.synapse.mcp.runs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local runs as a client sees them on surfaces no other test calls: MCP logging notifications and
 * their level filter, cancel_run reaching the processes an action spawned, and the REST run route's
 * 202 answer for a run still going after its wait.
 */
class LocalRunSurfaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static SynapseServer server;
  private static String key;

  @BeforeAll
  static void start() throws Exception {
    dir = TempDirs.create("surface-test");
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    plugin(
        plugins.resolve("noisy"),
        "speak",
        "plugin.speak:speak",
        "def speak(params, ctx):\n"
            + "    for level in ('debug', 'info', 'warning', 'error'):\n"
            + "        ctx.log('said at ' + level, level=level)\n"
            + "    return {'said': 4}\n");
    plugin(
        plugins.resolve("spawner"),
        "spawn",
        "plugin.spawn:spawn",
        "import os, subprocess, time\n"
            + "def spawn(params, ctx):\n"
            + "    kid = subprocess.Popen(['sleep', '300'])\n"
            + "    loner = subprocess.Popen(['sleep', '301'], start_new_session=True)\n"
            + "    with open(params['pid_file'] + '.tmp', 'w') as f:\n"
            + "        f.write('%d %d %d' % (os.getpid(), kid.pid, loner.pid))\n"
            + "    os.rename(params['pid_file'] + '.tmp', params['pid_file'])\n"
            + "    time.sleep(300)\n");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s.db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples() + java.io.File.pathSeparator + plugins);
    server = SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    key = server.keys().create("surface", KeyService.DEFAULT_ROLES);
  }

  @AfterAll
  static void stop() {
    server.stop(Duration.ofSeconds(5));
    TempDirs.delete(dir);
  }

  private static void plugin(Path root, String action, String entrypoint, String code)
      throws IOException {
    Files.createDirectories(root.resolve("plugin"));
    Files.writeString(root.resolve("plugin/__init__.py"), "");
    Files.writeString(
        root.resolve("plugin/" + entrypoint.substring(7, entrypoint.indexOf(':')) + ".py"), code);
    Files.writeString(
        root.resolve("config.yaml"),
        "code: "
            + root.getFileName()
            + "\nname: "
            + root.getFileName()
            + "\nversion: 0.1.0\ncategory: custom\nactions:\n  "
            + action
            + ":\n    entrypoint: "
            + entrypoint
            + "\n    method: task\n");
  }

  private static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  /** The run's log notifications, as "level:text", from every message of one streamed call. */
  private static List<String> logNotifications(List<JsonNode> messages) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : messages) {
      if ("notifications/message".equals(m.path("method").asText())) {
        out.add(m.at("/params/level").asText() + ":" + m.at("/params/data").asText());
      }
    }
    return out;
  }

  @Test
  void runLogLinesReachTheClientAsLoggingNotificationsFilteredBySetLevel() throws Exception {
    McpTestClient client = new McpTestClient(server.url(), key).initialize();
    List<JsonNode> first =
        client.callWithProgress("run_plugin", Map.of("plugin", "noisy", "action", "speak"));
    JsonNode response = first.get(first.size() - 1);
    assertEquals(
        "succeeded", response.at("/result/structuredContent/status").asText(), first.toString());
    List<String> all = logNotifications(first);
    assertTrue(all.contains("info:said at info"), all.toString());
    assertTrue(all.contains("warning:said at warning"), all.toString());
    assertTrue(all.contains("error:said at error"), all.toString());
    assertTrue(
        first.stream()
            .filter(m -> "notifications/message".equals(m.path("method").asText()))
            .allMatch(m -> "run".equals(m.at("/params/logger").asText())),
        first.toString());

    JsonNode set = client.request("logging/setLevel", Map.of("level", "warning"));
    assertFalse(set.has("error"), set.toString());
    List<String> filtered =
        logNotifications(
            client.callWithProgress("run_plugin", Map.of("plugin", "noisy", "action", "speak")));
    assertEquals(List.of("warning:said at warning", "error:said at error"), filtered);

    McpTestClient fresh = new McpTestClient(server.url(), key).initialize();
    List<String> unfiltered =
        logNotifications(
            fresh.callWithProgress("run_plugin", Map.of("plugin", "noisy", "action", "speak")));
    assertTrue(unfiltered.contains("info:said at info"), "the level is per session: " + unfiltered);
  }

  @Test
  void cancelRunLeavesNoProcessTheActionSpawned() throws Exception {
    McpTestClient client = new McpTestClient(server.url(), key).initialize();
    Path pidFile = dir.resolve("pids-" + System.nanoTime());
    JsonNode run =
        ok(
            client.call(
                "run_plugin",
                Map.of(
                    "plugin",
                    "spawner",
                    "action",
                    "spawn",
                    "params",
                    Map.of("pid_file", pidFile.toString()),
                    "wait_s",
                    0)));
    String runId = run.get("id").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile));
    List<Long> pids = new ArrayList<>();
    for (String p : Files.readString(pidFile).trim().split(" ")) {
      pids.add(Long.parseLong(p));
    }
    pids.forEach(p -> assertTrue(alive(p), "process " + p + " should run before the cancel"));
    long group = processGroup(pids.get(1));
    boolean ownGroup = group != processGroup(ProcessHandle.current().pid());

    JsonNode cancelled = ok(client.call("cancel_run", Map.of("run_id", runId)));
    assertTrue(
        List.of("cancelled", "running").contains(cancelled.get("status").asText()),
        cancelled.toString());
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              for (long p : pids) {
                assertFalse(alive(p), "process " + p + " of the cancelled run still runs");
              }
              if (ownGroup) {
                assertEquals(List.of(), groupMembers(group), "the run's process group");
              }
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ok(client.call("get_run", Map.of("run_id", runId)))
                    .get("status")
                    .asText()
                    .equals("cancelled"));
  }

  @Test
  void restRunStillGoingAfterItsWaitAnswers202WithTheRunId() throws Exception {
    var http = HttpClient.newHttpClient();
    String body =
        JSON.writeValueAsString(
            Map.of(
                "action",
                "sleep",
                "params",
                Map.of("seconds", 4),
                "plugin_path",
                TestHome.examples().resolve("hello").toString()));
    long t0 = System.nanoTime();
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.url() + "/api/plugin_releases/run_debug/?wait_s=1"))
                .header("Authorization", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(202, res.statusCode(), res.body());
    assertTrue(ms < 3_500, "answered after " + ms + " ms, past its 1 s wait");
    JsonNode answer = JSON.readTree(res.body());
    String runId = answer.get("run_id").asText();
    assertEquals(runId, res.headers().firstValue("X-Synapse-Run-Id").orElse(null));
    assertTrue(
        List.of("queued", "preparing", "running").contains(answer.get("status").asText()),
        res.body());
    assertTrue(answer.get("detail").asText().contains("wait_s"), res.body());

    McpTestClient client = new McpTestClient(server.url(), key).initialize();
    JsonNode run = ok(client.call("wait_run", Map.of("run_id", runId, "wait_s", 30)));
    assertEquals("succeeded", run.get("status").asText(), "the run went on: " + run);
    assertEquals(4.0, run.at("/result/slept").asDouble());
  }

  /** Alive and not a zombie (a killed child waits for a reaper that a container may not have). */
  private static boolean alive(long pid) {
    String[] fields = fields(stat(pid));
    return fields != null && !fields[0].equals("Z");
  }

  private static long processGroup(long pid) {
    return Long.parseLong(fields(stat(pid))[2]);
  }

  /** The fields of /proc/PID/stat after the command name: state, ppid, pgrp, ... */
  private static String[] fields(String stat) {
    return stat == null ? null : stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** Live processes in a process group. */
  private static List<Long> groupMembers(long group) throws IOException {
    List<Long> out = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(name);
          String[] fields = fields(stat(pid));
          if (fields != null && !fields[0].equals("Z") && Long.parseLong(fields[2]) == group) {
            out.add(pid);
          }
        }
      }
    }
    return out;
  }

  private static String stat(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (IOException e) {
      return null;
    }
  }
}
