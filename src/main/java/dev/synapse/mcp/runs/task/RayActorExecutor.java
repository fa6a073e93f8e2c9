package dev.synapse.mcp.runs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.ray.ClusterPythonCheck;
import dev.synapse.mcp.runs.LiveRun;
import dev.synapse.mcp.runs.PipRequirements;
import dev.synapse.mcp.runs.RunCallbacks;
import dev.synapse.mcp.runs.RunExecutor;
import dev.synapse.mcp.runs.RunJob;
import dev.synapse.mcp.runs.RunOutcome;
import dev.synapse.mcp.runs.RunnerEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * {@code task} mode: the run goes to the plugin version's warm, named, detached Ray actor (created
 * on first use, reused by every later run and MCP session). {@code start} returns the first events
 * at once, {@code poll} long-polls for the rest, so progress streams while the action works. Cancel
 * and timeout kill the actor (a Python thread cannot be stopped); the next run gets a new one.
 */
final class RayActorExecutor implements RunExecutor {
  private static final long POLL_WAIT_MS = 2000;
  private static final long DEFAULT_LIMIT_S = 24 * 3600;
  private final RayDriver driver;
  private final Path runnerDir;
  private final ObjectMapper json;
  private final ExecutorService threads;

  /** Which agent's run started each warm actor this server made: only it (or an admin) stops it. */
  private final java.util.Map<String, Long> owners = new java.util.concurrent.ConcurrentHashMap<>();

  private final ClusterPythonCheck pythonCheck;

  RayActorExecutor(
      RayDriver driver,
      Path runnerDir,
      ObjectMapper json,
      ExecutorService threads,
      ClusterPythonCheck pythonCheck) {
    this.driver = driver;
    this.pythonCheck = pythonCheck;
    this.runnerDir = runnerDir;
    this.json = json;
    this.threads = threads;
  }

  @Override
  public void start(RunJob job, LiveRun live, RunCallbacks callbacks) {
    threads.execute(
        () -> {
          callbacks.running();
          RunOutcome outcome;
          try {
            outcome = run(job, live, callbacks);
          } catch (RayUnavailableException e) {
            outcome =
                live.cancelReason() != null
                    ? new RunOutcome.Cancelled(live.cancelReason())
                    : new RunOutcome.Failed(e.getMessage());
          } catch (IOException | RuntimeException e) {
            outcome = new RunOutcome.Failed("task mode failed: " + e.getMessage());
          }
          callbacks.finish(outcome);
        });
  }

  private RunOutcome run(RunJob job, LiveRun live, RunCallbacks callbacks)
      throws RayUnavailableException, IOException {
    String refused = pythonCheck.refusal(job.plugin().ref(), job.plugin().manifest().config());
    if (refused != null) {
      return new RunOutcome.Failed(refused);
    }
    String actor = actorName(job.plugin(), job.requirements());
    String init = init(job.plugin(), job.requirements());
    owners.putIfAbsent(actor, job.agentId());
    var events = new RunnerEvents(live);
    long limitMs = (job.timeoutS() == null ? DEFAULT_LIMIT_S : job.timeoutS()) * 1000L;
    long deadline = System.currentTimeMillis() + limitMs;
    live.cancelWith(() -> threads.execute(() -> kill(actor)));
    // a warm actor starts at once; a new one may first install requirements (get_run says so)
    live.phase("starting");
    ObjectNode request = json.createObjectNode();
    request.put("plugin_dir", job.plugin().dir().toString());
    request.set("manifest", job.plugin().manifest().config());
    request.put("action", job.action().name());
    request.set("params", json.readTree(Files.readString(job.paramsFile())));
    request.put("run_id", job.runId());
    request.put("wait_s", 0.5);
    // The first call may wait for the actor to be created (and its requirements installed).
    JsonNode answer = call(actor, init, "start", request.toString(), limitMs, true);
    if (!answer.path("ok").asBoolean()) {
      return ended(actor, answer, live, job);
    }
    JsonNode reply = body(answer);
    callbacks.handle(
        json.createObjectNode().put("actor", actor).put("pid", reply.path("pid").asLong()));
    live.phase("running");
    while (true) {
      reply.path("events").forEach(events::accept);
      if (reply.path("done").asBoolean()) {
        break;
      }
      if (live.cancelReason() != null) {
        kill(actor); // a cancel that came before the canceller was in place
        return new RunOutcome.Cancelled(live.cancelReason());
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        kill(actor);
        return new RunOutcome.Failed(
            "timed out after "
                + job.timeoutS()
                + " s (its Ray actor was stopped; the next run starts a new one)");
      }
      ObjectNode poll = json.createObjectNode();
      poll.put("run_id", job.runId());
      poll.put("since", reply.path("next").asInt());
      poll.put("wait_s", Math.min(POLL_WAIT_MS, left) / 1000.0);
      answer = call(actor, "", "poll", poll.toString(), POLL_WAIT_MS + 60_000, false);
      if (!answer.path("ok").asBoolean()) {
        return ended(actor, answer, live, job);
      }
      reply = body(answer);
    }
    RunOutcome outcome = events.outcome();
    return outcome != null
        ? outcome
        : new RunOutcome.Failed("the actor ended the run without a result; see get_run_logs");
  }

  /**
   * The driver's answer: {@code ok} with the actor's {@code reply}, or {@code kind} and {@code
   * error}.
   */
  private JsonNode call(
      String actor, String init, String method, String arg, long timeoutMs, boolean retry)
      throws RayUnavailableException {
    ObjectNode req = json.createObjectNode();
    req.put("op", "call").put("actor", actor).put("init", init).put("method", method);
    req.put("arg", arg).put("timeout_ms", timeoutMs).put("retry", retry);
    return driver.request(req, timeoutMs + 30_000);
  }

  private JsonNode body(JsonNode answer) {
    try {
      return json.readTree(answer.path("reply").asText());
    } catch (IOException e) {
      throw new IllegalStateException("the actor answered something that is not JSON", e);
    }
  }

  private RunOutcome ended(String actor, JsonNode failure, LiveRun live, RunJob job) {
    if (live.cancelReason() != null) {
      return new RunOutcome.Cancelled(live.cancelReason());
    }
    String kind = failure == null ? "" : failure.path("kind").asText();
    String why = failure == null ? "unknown" : failure.path("error").asText();
    String ref = job.plugin().ref();
    return switch (kind) {
      case "actor_died" ->
          new RunOutcome.Failed(
              "the Ray actor of "
                  + ref
                  + " died during the run ("
                  + why
                  + "); the next run starts a new one");
      case "timeout" -> {
        kill(actor);
        yield new RunOutcome.Failed(
            "timed out after "
                + (job.timeoutS() == null ? DEFAULT_LIMIT_S : job.timeoutS())
                + " s (its Ray actor was stopped; the next run starts a new one)");
      }
      default -> new RunOutcome.Failed("the Ray actor of " + ref + " failed: " + why);
    };
  }

  @Override
  public void close() {
    driver.close();
  }

  void kill(String actor) {
    try {
      driver.request(json.createObjectNode().put("op", "kill").put("actor", actor), 30_000);
    } catch (RayUnavailableException e) {
      // nothing to kill when Ray is gone
    }
  }

  /** What the actor is created with: the plugin ref, its env, and pip packages if it has any. */
  private String init(Plugin plugin, List<String> extra) {
    ObjectNode init = json.createObjectNode();
    init.put("plugin", plugin.ref());
    ObjectNode env = init.putObject("env");
    plugin
        .manifest()
        .config()
        .path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    List<String> packages = PipRequirements.of(plugin, extra);
    if (!packages.isEmpty()) {
      ObjectNode pip = init.putObject("pip");
      packages.forEach(pip.putArray("packages")::add);
      pip.put("pip_check", false);
    }
    return init.toString();
  }

  /**
   * {@code synapse:<code>@<version>:<hash>}: one actor per plugin version, and a new one when its
   * folder, requirements, manifest or the runner change.
   */
  String actorName(Plugin plugin, List<String> extra) {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      md.update(plugin.dir().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      md.update(runnerDir.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      md.update(plugin.manifest().config().toString().getBytes(StandardCharsets.UTF_8));
      md.update(
          String.join("\n", PipRequirements.of(plugin, extra)).getBytes(StandardCharsets.UTF_8));
      String hash = HexFormat.of().formatHex(md.digest()).substring(0, 10);
      return RayDriverMain.ACTOR_PREFIX + plugin.ref() + ":" + hash;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The agent whose run started the actor, if this server started it. */
  java.util.Optional<Long> owner(String actor) {
    return java.util.Optional.ofNullable(owners.get(actor));
  }

  void forget(String actor) {
    owners.remove(actor);
  }
}
