package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.sessions.SessionService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one run path that MCP, REST and the CLI share: accept (validate, record, start), wait with a
 * bound, read, list, logs, cancel, and the start-up sweep that marks runs a crash left behind as
 * lost.
 */
public final class RunService {
  public static final int MAX_WAIT_S = 45;
  public static final int DEFAULT_WAIT_S = 30;
  private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

  private final RunStore store;
  private final PluginService plugins;
  private final Map<ExecutionMode, RunExecutor> executors;
  private final Path runsDir;
  private final Clock clock;
  private final LongCalls longCalls;
  private final RunAdmission admission;
  private final RunRecorder recorder;
  private final RunLauncher launcher;
  private final RunRecovery recovery;

  public RunService(
      RunStore store,
      PluginService plugins,
      SessionService sessions,
      Map<ExecutionMode, RunExecutor> executors,
      ObjectMapper json,
      Path home,
      Clock clock,
      LongCalls longCalls) {
    this.store = store;
    this.plugins = plugins;
    this.executors = executors;
    this.runsDir = home.resolve("runs");
    this.clock = clock;
    this.longCalls = longCalls;
    this.admission = new RunAdmission(plugins, sessions, executors, json, runsDir);
    this.recorder = new RunRecorder(store, clock);
    this.launcher = new RunLauncher(recorder);
    this.recovery = new RunRecovery(store, recorder, executors, runsDir);
  }

  /** Accepts a run, or returns the existing one when the caller repeats a run_id. */
  public Run start(Agent agent, RunRequest req) {
    agent.require(Role.RUN);
    if (req.runId() != null) {
      Optional<Run> existing = existing(agent, RunAdmission.checkRunId(req.runId()));
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    return startPlugin(agent, plugins.resolve(req.plugin()), req);
  }

  /**
   * Accepts a run of an already resolved plugin (a cached release, a private debug copy); {@code
   * req.plugin()} is ignored. Repeating a run_id returns the existing run.
   */
  public Run startPlugin(Agent agent, Plugin plugin, RunRequest req) {
    agent.require(Role.RUN);
    if (req.runId() != null) {
      Optional<Run> existing = existing(agent, RunAdmission.checkRunId(req.runId()));
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    RunAdmission.Admitted run = admission.admit(agent, plugin, req);
    if (!store.insert(run.row(), run.initial(), clock.millis())) {
      return existing(agent, run.row().id()).orElseThrow();
    }
    launcher.launch(run);
    return get(agent, run.row().id());
  }

  /**
   * Waits up to {@code waitS} (bounded) for the run to end, passing its events to {@code listener}.
   */
  public Run await(Agent agent, String runId, Integer waitS, Consumer<RunEvent> listener) {
    return await(agent, runId, waitS, listener, false);
  }

  /**
   * As {@link #await}, for the caller that just started the run: {@code listener} first gets the
   * log lines and setup steps the run emitted before the wait began (a fast run may even have
   * ended), so none is lost between starting and waiting.
   */
  public Run awaitStarted(Agent agent, String runId, Integer waitS, Consumer<RunEvent> listener) {
    return await(agent, runId, waitS, listener, true);
  }

  private Run await(
      Agent agent, String runId, Integer waitS, Consumer<RunEvent> listener, boolean fromStart) {
    Run run = get(agent, runId);
    int wait = waitS == null ? DEFAULT_WAIT_S : waitS;
    if (wait < 0 || wait > MAX_WAIT_S) {
      throw new InvalidInputException(
          "wait_s must be between 0 and " + MAX_WAIT_S + "; got " + wait);
    }
    if (run.status().terminal() || wait == 0) {
      LiveRun ended =
          !fromStart || listener == null || !run.status().terminal() ? null : recorder.ended(runId);
      if (ended != null) {
        ended.replayTo(listener); // the lines of a run that ended before its caller began to wait
      }
      return run;
    }
    String context = "; run " + run.id() + " goes on: follow it with wait_run or get_run";
    LiveRun live = recorder.live(run.id());
    long deadline = System.currentTimeMillis() + wait * 1000L;
    LongCalls.Slot slot = longCalls.acquire(agent.name(), wait * 1000L, context);
    try (slot) {
      if (live != null) {
        try (AutoCloseable sub = subscribe(live, listener, fromStart)) {
          if (listener != null && live.preparing()) {
            listener.accept(new RunEvent.Setup("environment", live.message()));
          }
          live.done.get(wait, TimeUnit.SECONDS);
        }
      } else {
        while (System.currentTimeMillis() < deadline && !get(agent, runId).status().terminal()) {
          Thread.sleep(250);
        }
      }
    } catch (TimeoutException e) {
      // still running: the caller gets its current state
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("waiting for {}: {}", runId, e.toString());
    }
    return get(agent, runId);
  }

  private static AutoCloseable subscribe(
      LiveRun live, Consumer<RunEvent> listener, boolean fromStart) {
    if (listener == null) {
      return () -> {};
    }
    return fromStart ? live.subscribeFromStart(listener) : live.subscribe(listener);
  }

  /**
   * Completes when the run ends; already complete when no run of this server drives it (then look
   * at its state again later). Nothing waits on a thread for it.
   */
  public java.util.concurrent.CompletableFuture<Void> ended(Agent agent, String runId) {
    get(agent, runId);
    LiveRun live = recorder.live(runId);
    return live == null
        ? java.util.concurrent.CompletableFuture.completedFuture(null)
        : live.done.copy();
  }

  /**
   * Refuses at once when the agent could not wait now (its long calls are at the cap), so a run is
   * not started only to be left unwaited; {@code waitS} 0 never waits and always passes.
   */
  public void admitWait(Agent agent, Integer waitS) {
    if (waitS == null || waitS > 0) {
      longCalls.check(agent.name(), "");
    }
  }

  public Run get(Agent agent, String runId) {
    agent.require(Role.RUN);
    RunAdmission.checkRunId(runId);
    Run run =
        store
            .find(runId, agent.isAdmin() ? null : agent.id())
            .orElseThrow(() -> new NotFoundException("run " + runId + " not found"));
    return recorder.withLive(run);
  }

  public List<Run> list(
      Agent agent,
      String plugin,
      String status,
      String sessionId,
      Integer limit,
      String agentName) {
    agent.require(Role.RUN);
    Long scope = scope(agent, agentName);
    int max = limit == null ? 50 : limit;
    if (max < 1 || max > 500) {
      throw new InvalidInputException("limit must be between 1 and 500; got " + max);
    }
    List<RunStatus> statuses = status == null ? List.of() : List.of(RunStatus.parse(status));
    var q = new RunQuery(scope, plugin, statuses, sessionId, null, max);
    return store.list(q).stream().map(recorder::withLive).toList();
  }

  /**
   * Whose runs to list: the caller's own unless an admin names another agent or '*'; a non-admin
   * naming anyone else is refused, never silently answered with their own runs.
   */
  private Long scope(Agent agent, String agentName) {
    if (agentName == null || agentName.equals(agent.name())) {
      return agent.id();
    }
    if (!agent.isAdmin()) {
      throw new dev.synapse.mcp.errors.ForbiddenException(
          "only an admin key may list other agents' runs; drop agent='"
              + (agentName.length() > 64 ? agentName.substring(0, 64) + "..." : agentName)
              + "' to list your own");
    }
    if ("*".equals(agentName)) {
      return null;
    }
    return store
        .agentNamed(agentName)
        .orElseThrow(() -> new NotFoundException("agent '" + agentName + "' not found"));
  }

  /** Every agent's runs by "status\tmode", for /metrics (the caller decides who may see it). */
  public Map<String, Long> countByStatusAndMode() {
    return store.countByStatusAndMode();
  }

  public Map<String, Object> logs(
      Agent agent, String runId, String stream, Integer tail, Integer since, String grep) {
    Run run = get(agent, runId);
    Map<String, Object> out =
        new RunLogs(runsDir.resolve(run.id())).read(stream, tail, since, grep);
    out.put("run_id", run.id());
    out.put("status", run.status().wire());
    return out;
  }

  public Run cancel(Agent agent, String runId) {
    Run run = get(agent, runId);
    if (run.status() == RunStatus.CANCELLED) {
      return run;
    }
    if (run.status().terminal()) {
      throw new ConflictException(
          "run " + runId + " already " + run.status().wire() + "; nothing to cancel");
    }
    LiveRun live = recorder.live(run.id());
    String reason = "cancelled by " + agent.name();
    if (live == null) {
      recorder.finish(run.id(), new RunOutcome.Cancelled(reason), null);
    } else {
      launcher.stop(live, reason);
    }
    return get(agent, runId);
  }

  /** True when this server has an executor for {@code mode} (task and job need Ray). */
  public boolean supports(ExecutionMode mode) {
    return executors.containsKey(mode);
  }

  /**
   * Every agent's queued or running runs of the plugin folder {@code dir}: a folder with such runs
   * must not be deleted.
   */
  public List<Run> unfinishedAt(Path dir) {
    return store.unfinishedAt(dir.toString());
  }

  /**
   * At start-up: runs an earlier server left unfinished are re-attached or marked lost (see {@link
   * RunRecovery}); returns how many were lost.
   */
  public int recover() {
    return recovery.recover();
  }

  /**
   * On shutdown: stops the runs that cannot outlive the server; Ray jobs go on and the next server
   * re-attaches them.
   */
  public void shutdown() {
    launcher.shutdown();
  }

  private Optional<Run> existing(Agent agent, String id) {
    Optional<Long> owner = store.owner(id);
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    if (owner.get() != agent.id() && !agent.isAdmin()) {
      throw new ConflictException("run_id '" + id + "' is already used; choose another");
    }
    return store.find(id, null).map(recorder::withLive);
  }
}
