package dev.synapse.mcp.runs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.plugins.EnvBuild;
import dev.synapse.mcp.plugins.EnvironmentException;
import dev.synapse.mcp.plugins.EnvironmentSpec;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RunnerCommand;
import dev.synapse.mcp.runs.LiveRun;
import dev.synapse.mcp.runs.RunCallbacks;
import dev.synapse.mcp.runs.RunEvent;
import dev.synapse.mcp.runs.RunExecutor;
import dev.synapse.mcp.runs.RunJob;
import dev.synapse.mcp.runs.RunOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code local} mode: the runner as a child process in its own process group (so cancel and timeout
 * kill the action's children too). Events arrive on the child's stdout, which the runner keeps for
 * itself; whatever the action prints goes to stderr and into the run's action log.
 */
final class LocalExecutor implements RunExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);
  private static final boolean SETSID = WarmRunners.ownGroup();
  private final PythonEnvironments environments;
  private final RunnerCommand runner;
  private final ObjectMapper json;
  private final ExecutorService threads;
  private final WarmRunners warm;

  LocalExecutor(
      PythonEnvironments environments,
      RunnerCommand runner,
      ObjectMapper json,
      ExecutorService threads) {
    this.environments = environments;
    this.runner = runner;
    this.json = json;
    this.threads = threads;
    this.warm = new WarmRunners(runner, Path.of(System.getProperty("java.io.tmpdir")), threads);
  }

  @Override
  public void close() {
    warm.close();
  }

  @Override
  public void start(RunJob job, LiveRun live, RunCallbacks callbacks) {
    threads.execute(() -> callbacks.finish(run(job, live, callbacks)));
  }

  private RunOutcome run(RunJob job, LiveRun live, RunCallbacks callbacks) {
    AtomicReference<Process> process = new AtomicReference<>();
    live.cancelWith(() -> killGroup(process.get()));
    try {
      Path python = environment(job, live);
      if (live.cancelReason() != null) {
        return new RunOutcome.Cancelled(live.cancelReason());
      }
      callbacks.running();
      live.phase("starting");
      List<String> args =
          List.of(
              "--action",
              job.action().name(),
              "--params-file",
              job.paramsFile().toString(),
              "--events",
              "stdout",
              "--run-id",
              job.runId());
      Process p = warm.take(python);
      process.set(p);
      try (var stdin = p.getOutputStream()) {
        stdin.write(
            (runner.request(job.plugin(), "run", args) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      callbacks.handle(
          json.createObjectNode()
              .put("pid", p.pid())
              .put("owner_pid", ProcessHandle.current().pid()));
      if (live.cancelReason() != null) {
        killGroup(p);
      }
      live.phase("running");
      Thread stderr =
          pump(
              p.getErrorStream(),
              line -> live.logs.append("action", line),
              "stderr-" + job.runId());
      AtomicReference<RunEvent> terminal = new AtomicReference<>();
      Thread stdout =
          pump(p.getInputStream(), line -> onLine(line, live, terminal), "events-" + job.runId());
      boolean exited =
          p.waitFor(job.timeoutS() == null ? Long.MAX_VALUE : job.timeoutS(), TimeUnit.SECONDS);
      if (!exited) {
        killGroup(p);
        p.waitFor(10, TimeUnit.SECONDS);
        return new RunOutcome.Failed("timed out after " + job.timeoutS() + " s");
      }
      stdout.join(5000);
      stderr.join(5000);
      if (live.cancelReason() != null) {
        return new RunOutcome.Cancelled(live.cancelReason());
      }
      RunEvent end = terminal.get();
      if (end instanceof RunEvent.Result r) {
        return new RunOutcome.Succeeded(r.value());
      }
      if (end instanceof RunEvent.Error e) {
        if (e.traceback() != null) {
          live.logs.append("action", e.traceback());
        }
        return new RunOutcome.Failed(e.type() + ": " + e.message());
      }
      return new RunOutcome.Failed(
          "the runner exited with code " + p.exitValue() + " without a result; see get_run_logs");
    } catch (EnvironmentException e) {
      // a cancel stops the build it waited for: the run was cancelled, not failed
      if (live.cancelReason() != null) {
        return new RunOutcome.Cancelled(live.cancelReason());
      }
      return new RunOutcome.Failed(e.getMessage());
    } catch (IOException e) {
      LOG.error("run {} could not start", job.runId(), e);
      return new RunOutcome.Failed("could not start the runner: " + e.getMessage());
    } catch (InterruptedException e) {
      killGroup(process.get());
      Thread.currentThread().interrupt();
      return new RunOutcome.Failed("the server stopped while the run was running");
    }
  }

  /**
   * The run's python: at once when its environment is ready, else after waiting for the shared
   * build, whose lines go to the setup log and to listeners; a cancel stops waiting (and the
   * installer, when no other run waits for it).
   */
  private Path environment(RunJob job, LiveRun live)
      throws EnvironmentException, InterruptedException {
    EnvironmentSpec env =
        job.env() != null ? job.env() : environments.spec(job.plugin(), job.requirements());
    if (environments.state(env).ready()) {
      return env.python();
    }
    EnvBuild build = environments.build(env, false);
    live.installingWith(env.manager());
    build.want();
    var released = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            build.release();
          }
        };
    live.cancelWith(release);
    try (AutoCloseable follow =
        build.follow(
            line -> {
              live.logs.append("setup", line);
              live.emit(new RunEvent.Setup("environment", line));
            })) {
      while (live.cancelReason() == null) {
        Path python = build.await(200);
        if (python != null) {
          return python;
        }
      }
      return env.python();
    } catch (EnvironmentException | InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new EnvironmentException("waiting for the environment failed: " + e.getMessage());
    } finally {
      release.run();
    }
  }

  private void onLine(String line, LiveRun live, AtomicReference<RunEvent> terminal) {
    RunEvent event = null;
    try {
      JsonNode node = json.readTree(line);
      event = RunEvent.parse(node);
    } catch (IOException notJson) {
      // not an event: keep it as output
    }
    if (event == null) {
      live.logs.append("action", line);
      return;
    }
    if (event instanceof RunEvent.Log l) {
      live.logs.append("action", "[" + l.level() + "] " + l.message());
    }
    if (event instanceof RunEvent.Result || event instanceof RunEvent.Error) {
      terminal.compareAndSet(null, event);
    }
    live.emit(event);
  }

  /** SIGTERM to the whole process group, then SIGKILL to whatever is left after 3 s. */
  static void killGroup(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    long pid = p.pid();
    List<ProcessHandle> family = new ArrayList<>(p.descendants().toList());
    signal("TERM", pid);
    try {
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        signal("KILL", pid);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    family.forEach(ProcessHandle::destroyForcibly);
    signal("KILL", pid);
  }

  private static void signal(String sig, long pid) {
    try {
      String target = SETSID ? "-" + pid : String.valueOf(pid);
      new ProcessBuilder("kill", "-" + sig, "--", target)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(2, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      LOG.debug("kill -{} {}: {}", sig, pid, e.getMessage());
    }
  }

  private static Thread pump(InputStream in, Consumer<String> sink, String name) {
    Thread t =
        new Thread(
            () -> {
              try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  sink.accept(line);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
