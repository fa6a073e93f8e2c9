package dev.synapse.mcp.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.EnvironmentSpec;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.sessions.SessionStatus;
import dev.synapse.mcp.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final long PERSIST_EVERY_MS = 1000;

  private final Database db;
  private final RunStore store;
  private final PluginService plugins;
  private final SessionService sessions;
  private final Map<ExecutionMode, RunExecutor> executors;
  private final ObjectMapper json;
  private final Path runsDir;
  private final Clock clock;
  private final Map<String, LiveRun> active = new ConcurrentHashMap<>();
  private final LongCalls longCalls;

  public RunService(
      Database db,
      PluginService plugins,
      SessionService sessions,
      Map<ExecutionMode, RunExecutor> executors,
      ObjectMapper json,
      Path home,
      Clock clock,
      LongCalls longCalls) {
    this.db = db;
    this.longCalls = longCalls;
    this.store = new RunStore(json);
    this.plugins = plugins;
    this.sessions = sessions;
    this.executors = executors;
    this.json = json;
    this.runsDir = home.resolve("runs");
    this.clock = clock;
  }

  /** Accepts a run, or returns the existing one when the caller repeats a run_id. */
  public Run start(Agent agent, RunRequest req) {
    agent.require(Role.RUN);
    if (req.runId() != null) {
      Optional<Run> existing = existing(agent, checkRunId(req.runId()));
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
      Optional<Run> existing = existing(agent, checkRunId(req.runId()));
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    ActionSpec action = plugins.action(plugin, req.action());
    ExecutionMode mode = mode(req.mode(), action);
    RunExecutor executor = executors.get(mode);
    if (executor == null) {
      throw new InvalidInputException(
          "Ray is not configured: set RAY_ADDRESS (and SYNAPSE_RAY_DASHBOARD for jobs) to use mode '"
              + mode.wire()
              + "', or use mode 'local'");
    }
    if (req.sessionId() != null
        && sessions.get(agent, req.sessionId()).status() == SessionStatus.CLOSED) {
      throw new ConflictException(
          "session " + req.sessionId() + " is closed; call reopen_session before running in it");
    }
    if (req.timeoutS() != null && (req.timeoutS() < 1 || req.timeoutS() > 7 * 86400)) {
      throw new InvalidInputException(
          "timeout_s must be between 1 and 604800; got " + req.timeoutS());
    }
    Object params = req.params() == null ? Map.of() : req.params();
    List<String> requirements = req.requirements() == null ? List.of() : req.requirements();
    plugins.checkRequirements(plugin, requirements);
    EnvironmentSpec env = null;
    boolean preparing = false;
    if (mode == ExecutionMode.LOCAL) {
      env = plugins.environment(plugin, requirements);
      preparing = !plugins.environments().state(env).ready();
    }
    plugins.validate(plugin, action, params);
    String id =
        req.runId() != null
            ? req.runId()
            : "run_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Path logsDir = runsDir.resolve(id);
    var row =
        new RunStore.NewRun(
            id,
            agent.id(),
            req.sessionId() == null ? null : req.sessionId().toLowerCase(),
            plugin.code(),
            plugin.version(),
            plugin.dir().toString(),
            action.name(),
            mode,
            text(params),
            logsDir.toString(),
            req.timeoutS(),
            req.jobId(),
            "queued");
    boolean finalPreparing = preparing;
    boolean inserted =
        db.write(
            c -> {
              if (store.owner(c, id).isPresent()) {
                return false;
              }
              store.insert(
                  c, row, finalPreparing ? RunStatus.PREPARING : RunStatus.QUEUED, clock.millis());
              return true;
            });
    if (!inserted) {
      return existing(agent, id).orElseThrow();
    }
    launch(
        new RunJob(
            id,
            plugin,
            action,
            logsDir.resolve("params.json"),
            requirements,
            req.timeoutS(),
            agent.id(),
            env),
        params,
        executor,
        logsDir);
    return get(agent, id);
  }

  /**
   * Waits up to {@code waitS} (bounded) for the run to end, passing its events to {@code listener}.
   */
  public Run await(Agent agent, String runId, Integer waitS, Consumer<RunEvent> listener) {
    Run run = get(agent, runId);
    int wait = waitS == null ? DEFAULT_WAIT_S : waitS;
    if (wait < 0 || wait > MAX_WAIT_S) {
      throw new InvalidInputException(
          "wait_s must be between 0 and " + MAX_WAIT_S + "; got " + wait);
    }
    if (run.status().terminal() || wait == 0) {
      return run;
    }
    String context = "; run " + run.id() + " goes on: follow it with wait_run or get_run";
    LiveRun live = active.get(run.id());
    long deadline = System.currentTimeMillis() + wait * 1000L;
    LongCalls.Slot slot = longCalls.acquire(agent.name(), wait * 1000L, context);
    try (slot) {
      if (live != null) {
        try (AutoCloseable sub = listener == null ? () -> {} : live.subscribe(listener)) {
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
    checkRunId(runId);
    Run run =
        db.read(c -> store.find(c, runId, agent.isAdmin() ? null : agent.id()))
            .orElseThrow(() -> new NotFoundException("run " + runId + " not found"));
    LiveRun live = active.get(runId);
    return live == null || run.status().terminal()
        ? run
        : run.withLive(live.message(), live.progressNode(), live.metricsNode());
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
    return db.read(c -> store.list(c, q)).stream().map(r -> live(r)).toList();
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
    return db.read(
        c -> {
          try (var ps = c.prepareStatement("SELECT id FROM agents WHERE name = ?")) {
            ps.setString(1, agentName);
            try (var rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new NotFoundException("agent '" + agentName + "' not found");
              }
              return rs.getLong(1);
            }
          }
        });
  }

  /** Every agent's runs by "status\tmode", for /metrics (the caller decides who may see it). */
  public Map<String, Long> countByStatusAndMode() {
    return db.read(store::countByStatusAndMode);
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
    LiveRun live = active.get(run.id());
    String reason = "cancelled by " + agent.name();
    if (live == null) {
      finishInStore(run.id(), new RunOutcome.Cancelled(reason), null);
      return get(agent, runId);
    }
    live.cancel(reason);
    try {
      live.done.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("run {} did not stop within 15 s of cancel", runId);
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
    return db.read(c -> store.unfinishedAt(c, dir.toString()));
  }

  /**
   * At start-up: runs an earlier server left unfinished. Job runs whose executor can follow them
   * again (Ray jobs live on in the cluster) are re-attached; local runs that another live process
   * (a CLI) still owns are left alone; the others are lost, and their leftover processes stopped.
   */
  public int recover() {
    long self = ProcessHandle.current().pid();
    int lost = 0;
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (Run r : db.read(c -> store.unfinished(c, mode))) {
        RunExecutor executor = executors.get(mode);
        if (executor != null && mode == ExecutionMode.JOB) {
          LiveRun live = track(r.id(), runsDir.resolve(r.id()));
          if (executor.resume(r, live, callbacks(r.id(), live))) {
            LOG.info("run {} re-attached to its Ray job", r.id());
            continue;
          }
          active.remove(r.id());
        }
        if (mode == ExecutionMode.LOCAL && ownedByAnotherLiveProcess(r, self)) {
          continue;
        }
        markLost(r);
        lost++;
      }
    }
    return lost;
  }

  private static boolean ownedByAnotherLiveProcess(Run r, long self) {
    long owner = r.handle() == null ? -1 : r.handle().path("owner_pid").asLong(-1);
    return owner > 0
        && owner != self
        && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
  }

  private void markLost(Run r) {
    String pid = r.handle() == null ? null : r.handle().path("pid").asText(null);
    if (pid != null && r.mode() == ExecutionMode.LOCAL) {
      ProcessHandle.of(Long.parseLong(pid))
          .filter(h -> h.info().commandLine().orElse("").contains("synapse_runner"))
          .ifPresent(
              h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
              });
    }
    String reason =
        "the server stopped while this run was "
            + r.status().wire()
            + (pid == null ? "" : " (pid " + pid + ")")
            + "; its outcome is unknown";
    db.write(
        c -> {
          store.transition(
              c, r.id(), RunStatus.LOST, reason, null, reason, reason, null, clock.millis());
          return null;
        });
    LOG.warn("run {} marked lost: {}", r.id(), reason);
  }

  /**
   * On shutdown: stops the runs that cannot outlive the server; Ray jobs go on and the next server
   * re-attaches them.
   */
  public void shutdown() {
    for (LiveRun live : active.values()) {
      if (!live.detached()) {
        live.cancel("the server shut down while the run was running");
      }
    }
  }

  private void launch(RunJob job, Object params, RunExecutor executor, Path logsDir) {
    String id = job.runId();
    Path paramsFile = job.paramsFile();
    try {
      Files.createDirectories(logsDir);
      Files.writeString(paramsFile, text(params));
    } catch (IOException e) {
      finishInStore(
          id, new RunOutcome.Failed("cannot write the run's files: " + e.getMessage()), null);
      return;
    }
    LiveRun live = track(id, logsDir);
    executor.start(job, live, callbacks(id, live));
  }

  /** A live run, registered, whose progress and metrics are saved at most once a second. */
  private LiveRun track(String id, Path logsDir) {
    LiveRun live = new LiveRun(id, new RunLogs(logsDir));
    active.put(id, live);
    long[] lastPersist = {0};
    live.subscribe(
        e -> {
          long now = System.currentTimeMillis();
          if ((e instanceof RunEvent.Progress || e instanceof RunEvent.Metric)
              && now - lastPersist[0] >= PERSIST_EVERY_MS) {
            lastPersist[0] = now;
            persistProgress(live);
          }
        });
    return live;
  }

  private RunCallbacks callbacks(String id, LiveRun live) {
    return new RunCallbacks() {
      @Override
      public void running() {
        db.write(
            c -> {
              store.transition(
                  c,
                  id,
                  RunStatus.RUNNING,
                  "started",
                  null,
                  null,
                  live.message(),
                  null,
                  clock.millis());
              return null;
            });
      }

      @Override
      public void handle(JsonNode handle) {
        db.write(
            c -> {
              try (var ps = c.prepareStatement("UPDATE runs SET handle = ? WHERE id = ?")) {
                ps.setString(1, handle.toString());
                ps.setString(2, id);
                ps.executeUpdate();
              }
              return null;
            });
      }

      @Override
      public void finish(RunOutcome outcome) {
        try {
          finishInStore(id, outcome, live);
        } catch (RuntimeException e) {
          LOG.error("recording the end of run {} failed", id, e);
        } finally {
          active.remove(id);
          live.done.complete(null);
        }
      }
    };
  }

  private void persistProgress(LiveRun live) {
    try {
      db.write(
          c -> {
            store.progress(
                c,
                live.id,
                live.message(),
                str(live.progressNode()),
                str(live.metricsNode()),
                clock.millis());
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warn("saving progress of {}: {}", live.id, e.getMessage());
    }
  }

  private void finishInStore(String id, RunOutcome outcome, LiveRun live) {
    long now = clock.millis();
    db.write(
        c -> {
          if (live != null) {
            store.progress(c, id, null, str(live.progressNode()), str(live.metricsNode()), now);
          }
          if (outcome instanceof RunOutcome.Succeeded s) {
            store.transition(
                c,
                id,
                RunStatus.SUCCEEDED,
                "succeeded",
                text(s.result()),
                null,
                "succeeded",
                null,
                now);
          } else if (outcome instanceof RunOutcome.Failed f) {
            store.transition(
                c,
                id,
                RunStatus.FAILED,
                f.reason(),
                null,
                f.reason(),
                "failed: " + f.reason(),
                null,
                now);
          } else if (outcome instanceof RunOutcome.Cancelled x) {
            store.transition(
                c, id, RunStatus.CANCELLED, x.reason(), null, x.reason(), x.reason(), null, now);
          }
          return null;
        });
  }

  private Run live(Run r) {
    LiveRun live = active.get(r.id());
    return live == null || r.status().terminal()
        ? r
        : r.withLive(live.message(), live.progressNode(), live.metricsNode());
  }

  private Optional<Run> existing(Agent agent, String id) {
    return db.read(
            c -> {
              Optional<Long> owner = store.owner(c, id);
              if (owner.isEmpty()) {
                return Optional.<Run>empty();
              }
              if (owner.get() != agent.id() && !agent.isAdmin()) {
                throw new ConflictException("run_id '" + id + "' is already used; choose another");
              }
              return store.find(c, id, null);
            })
        .map(this::live);
  }

  private static String checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new InvalidInputException("run_id must be 1-100 letters, digits, '_' or '-'");
    }
    return runId;
  }

  private ExecutionMode mode(String requested, ActionSpec action) {
    if (requested != null) {
      return ExecutionMode.parse(requested);
    }
    ExecutionMode preferred =
        switch (action.method()) {
          case "job" -> ExecutionMode.JOB;
          case "task" -> ExecutionMode.TASK;
          default -> ExecutionMode.LOCAL;
        };
    return executors.containsKey(preferred) ? preferred : ExecutionMode.LOCAL;
  }

  private String text(Object value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("params are not serializable as JSON");
    }
  }

  private static String str(JsonNode n) {
    return n == null ? null : n.toString();
  }
}
