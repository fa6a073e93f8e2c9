package dev.synapse.mcp.runs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.ray.ClusterPythonCheck;
import dev.synapse.mcp.ray.RayResources;
import dev.synapse.mcp.ray.RayTokenRejectedException;
import dev.synapse.mcp.runs.LiveRun;
import dev.synapse.mcp.runs.PipRequirements;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunCallbacks;
import dev.synapse.mcp.runs.RunExecutor;
import dev.synapse.mcp.runs.RunJob;
import dev.synapse.mcp.runs.RunOutcome;
import dev.synapse.mcp.runs.RunStatus;
import dev.synapse.mcp.runs.RunnerEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * {@code job} mode: uploads the plugin with the runner as the job's working_dir, submits {@code
 * python3 -m synapse_runner run … --events marker} with the run id as submission id, then follows
 * the job by polling its status and logs, where the runner's events are the marked lines. After a
 * server restart an unfinished job is followed again by its submission id.
 */
final class RayJobExecutor implements RunExecutor {
  private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED");
  private static final String MARKER = "@@synapse-event@@ ";
  private final RayJobClient client;
  private final Path runnerDir;
  private final ObjectMapper json;
  private final ExecutorService threads;
  private final long pollMs;
  private final long lostAfterMs;
  private final ClusterPythonCheck pythonCheck;
  private final long pendingLimitMs;

  /** What each run submitted by this server asked for, while it is followed. */
  private final java.util.Map<String, RayResources> requested =
      new java.util.concurrent.ConcurrentHashMap<>();

  private volatile boolean closed;

  RayJobExecutor(
      RayJobClient client,
      Path runnerDir,
      ObjectMapper json,
      ExecutorService threads,
      long pollMs,
      long lostAfterMs,
      ClusterPythonCheck pythonCheck,
      long pendingLimitMs) {
    this.client = client;
    this.pythonCheck = pythonCheck;
    this.pendingLimitMs = pendingLimitMs;
    this.runnerDir = runnerDir;
    this.json = json;
    this.threads = threads;
    this.pollMs = pollMs;
    this.lostAfterMs = lostAfterMs;
  }

  @Override
  public void start(RunJob job, LiveRun live, RunCallbacks callbacks) {
    String refused = pythonCheck.refusal(job.plugin().ref(), job.plugin().manifest().config());
    if (refused != null) {
      callbacks.finish(new RunOutcome.Failed(refused));
      return;
    }
    String id;
    try {
      id = submit(job);
    } catch (RayTokenRejectedException e) {
      callbacks.finish(new RunOutcome.Failed(e.getMessage()));
      return;
    } catch (IOException | RuntimeException e) {
      callbacks.finish(new RunOutcome.Failed("could not submit the Ray job: " + e.getMessage()));
      return;
    }
    callbacks.running();
    callbacks.handle(handle(id));
    live.detach();
    long started = System.currentTimeMillis();
    threads.execute(() -> followAndFinish(id, live, callbacks, job.timeoutS(), started));
  }

  @Override
  public boolean resume(Run run, LiveRun live, RunCallbacks callbacks) {
    String id =
        run.handle() == null ? run.id() : run.handle().path("submission_id").asText(run.id());
    long started =
        run.startedAt() == null ? System.currentTimeMillis() : run.startedAt().toEpochMilli();
    if (run.status() == RunStatus.QUEUED) {
      callbacks.running();
    }
    try {
      // The job's whole log is read again from its start.
      Files.deleteIfExists(live.logs.dir().resolve("action.log"));
    } catch (IOException ignored) {
      // duplicated lines at worst
    }
    live.detach();
    threads.execute(() -> followAndFinish(id, live, callbacks, run.timeoutS(), started));
    return true;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void followAndFinish(
      String id, LiveRun live, RunCallbacks callbacks, Integer timeoutS, long started) {
    RunOutcome outcome = follow(id, live, timeoutS, started);
    requested.remove(id);
    if (outcome != null) {
      callbacks.finish(outcome);
    }
  }

  private ObjectNode handle(String id) {
    return json.createObjectNode().put("submission_id", id).put("dashboard", client.dashboard());
  }

  private String submit(RunJob job) throws IOException {
    Plugin plugin = job.plugin();
    byte[] manifest = json.writeValueAsBytes(plugin.manifest().config());
    JobPackage pkg = JobPackage.build(plugin, runnerDir, manifest);
    client.ensurePackage(pkg.name(), pkg.zip());
    String params =
        Base64.getEncoder()
            .encodeToString(Files.readString(job.paramsFile()).getBytes(StandardCharsets.UTF_8));
    String entrypoint =
        "echo "
            + params
            + " | base64 -d | python3 -m synapse_runner run --plugin . --action "
            + quote(job.action().name())
            + " --params-file - --manifest-json "
            + JobPackage.MANIFEST
            + " --events marker --run-id "
            + quote(job.runId());
    ObjectNode body = json.createObjectNode();
    body.put("entrypoint", entrypoint);
    body.put("submission_id", job.runId());
    RayResources resources = RayResources.of(plugin.manifest().config(), job.action().config());
    body.setAll(resources.jobFields());
    if (resources.any()) {
      requested.put(job.runId(), resources);
    }
    body.set("runtime_env", runtimeEnv(plugin, job.requirements(), pkg));
    ObjectNode meta = body.putObject("metadata");
    meta.put("synapse_run_id", job.runId());
    meta.put("synapse_plugin", plugin.ref());
    meta.put("synapse_action", job.action().name());
    return client.submit(body);
  }

  /**
   * The manifest's own runtime_env, with our working_dir, the requirements as pip (or uv) packages,
   * and the manifest's env added to env_vars as strings.
   */
  private ObjectNode runtimeEnv(Plugin plugin, List<String> extra, JobPackage pkg) {
    JsonNode declared = plugin.manifest().config().path("runtime_env");
    ObjectNode env =
        declared.isObject() ? ((ObjectNode) declared).deepCopy() : json.createObjectNode();
    env.put("working_dir", pkg.uri());
    List<String> packages = PipRequirements.of(plugin, extra);
    if (!packages.isEmpty() && !env.has("pip") && !env.has("uv") && !env.has("conda")) {
      if ("uv".equals(plugin.manifest().packageManager())) {
        packages.forEach(env.putArray("uv")::add);
      } else {
        ObjectNode pip = env.putObject("pip");
        packages.forEach(pip.putArray("packages")::add);
        pip.put("pip_check", false);
      }
    }
    ObjectNode vars = json.createObjectNode();
    env.path("env_vars")
        .fields()
        .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
    plugin
        .manifest()
        .config()
        .path("env")
        .fields()
        .forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
    vars.put("PYTHONUNBUFFERED", "1");
    env.set("env_vars", vars);
    return env;
  }

  /** The job's outcome, or null when this server is shutting down (the next one follows it). */
  private RunOutcome follow(String id, LiveRun live, Integer timeoutS, long startedMs) {
    live.cancelWith(() -> threads.execute(() -> stopQuietly(id)));
    var events = new RunnerEvents(live);
    var lines = new LineSplitter();
    int consumed = 0;
    long lastContact = System.currentTimeMillis();
    boolean timedOut = false;
    String phase = "";
    long pendingSince = System.currentTimeMillis();
    while (!closed) {
      long now = System.currentTimeMillis();
      if (!timedOut && timeoutS != null && now - startedMs > timeoutS * 1000L) {
        timedOut = true;
        stopQuietly(id);
      }
      try {
        JsonNode details = client.status(id);
        if (details == null) {
          return new RunOutcome.Failed(
              "the Ray cluster at "
                  + client.dashboard()
                  + " has no job "
                  + id
                  + " (was the cluster restarted?); its outcome is unknown");
        }
        String status = details.path("status").asText();
        RayResources asked = requested.get(id);
        if ("PENDING".equals(status)
            && asked != null
            && System.currentTimeMillis() - pendingSince > pendingLimitMs) {
          stopQuietly(id);
          return new RunOutcome.Failed(
              "Ray could not start the job within "
                  + pendingLimitMs / 1000
                  + " s: no node can meet its resource request ("
                  + asked.describe()
                  + "); the job was stopped");
        }
        if (!status.equals(phase)) {
          phase = status;
          live.phase("PENDING".equals(status) ? "installing" : "running");
        }
        String logs = client.logs(id);
        if (logs.length() > consumed) {
          lines.feed(logs.substring(consumed), line -> line(line, events, live));
          consumed = logs.length();
        }
        lastContact = System.currentTimeMillis();
        if (TERMINAL.contains(status)) {
          lines.flush(line -> line(line, events, live));
          return outcome(status, details, events, live, timedOut, timeoutS);
        }
      } catch (IOException e) {
        if (System.currentTimeMillis() - lastContact > lostAfterMs) {
          return new RunOutcome.Failed(
              "lost contact with Ray for "
                  + lostAfterMs / 1000
                  + " s while job "
                  + id
                  + " was running ("
                  + e.getMessage()
                  + "); its outcome is unknown");
        }
      }
      try {
        Thread.sleep(pollMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private RunOutcome outcome(
      String status,
      JsonNode details,
      RunnerEvents events,
      LiveRun live,
      boolean timedOut,
      Integer timeoutS) {
    if (timedOut) {
      return new RunOutcome.Failed("timed out after " + timeoutS + " s (the Ray job was stopped)");
    }
    if ("STOPPED".equals(status)) {
      return new RunOutcome.Cancelled(
          live.cancelReason() != null
              ? live.cancelReason()
              : "the Ray job was stopped outside synapse-mcp");
    }
    RunOutcome said = events.outcome();
    if (said != null) {
      return said;
    }
    String message = details.path("message").asText("").strip();
    int nl = message.indexOf('\n');
    if (nl > 0) {
      message = message.substring(0, nl);
    }
    return "SUCCEEDED".equals(status)
        ? new RunOutcome.Failed("the Ray job ended without a result; see get_run_logs")
        : new RunOutcome.Failed("the Ray job failed: " + message);
  }

  private void line(String line, RunnerEvents events, LiveRun live) {
    int at = line.indexOf(MARKER);
    if (at >= 0) {
      try {
        events.accept(json.readTree(line.substring(at + MARKER.length())));
        return;
      } catch (IOException notJson) {
        // keep it as output
      }
    }
    live.logs.append("action", line);
  }

  private void stopQuietly(String id) {
    try {
      client.stop(id);
    } catch (IOException e) {
      // the follow loop reports a cluster that is gone
    }
  }

  /** Splits text arriving in pieces into whole lines. */
  private static final class LineSplitter {
    private final StringBuilder partial = new StringBuilder();

    void feed(String text, java.util.function.Consumer<String> sink) {
      partial.append(text);
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        sink.accept(partial.substring(0, nl));
        partial.delete(0, nl + 1);
      }
    }

    void flush(java.util.function.Consumer<String> sink) {
      if (partial.length() > 0) {
        sink.accept(partial.toString());
        partial.setLength(0);
      }
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
