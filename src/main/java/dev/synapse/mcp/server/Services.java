package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.plugins.PluginDiscovery;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RequirementRules;
import dev.synapse.mcp.plugins.RunnerCommand;
import dev.synapse.mcp.plugins.RunnerHome;
import dev.synapse.mcp.releases.ArchiveLimits;
import dev.synapse.mcp.releases.ReleaseService;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.LongCalls;
import dev.synapse.mcp.runs.RayCluster;
import dev.synapse.mcp.runs.RunExecutor;
import dev.synapse.mcp.runs.RunService;
import dev.synapse.mcp.runs.job.JobMode;
import dev.synapse.mcp.runs.local.LocalMode;
import dev.synapse.mcp.runs.task.RayActors;
import dev.synapse.mcp.sessions.SessionClaims;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.Stores;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service graph, built with constructors in one place: the server serves it, the CLI commands
 * use it directly, so MCP, REST and the CLI share one run path.
 */
public final class Services implements AutoCloseable {
  public final ObjectMapper json;
  public final Database db;
  public final KeyService keys;
  public final SessionService sessions;
  public final SessionClaims claims;
  public final PluginService plugins;
  public final RunService runs;
  public final ReleaseService releases;
  public final AuditLog audit;
  public final dev.synapse.mcp.metrics.Metrics metrics = new dev.synapse.mcp.metrics.Metrics();

  /** Null unless RAY_ADDRESS is set: the warm actors of task mode. */
  public final RayActors rayActors;

  private final ExecutorService runThreads;
  private final PythonEnvironments environments;
  private final Map<ExecutionMode, RunExecutor> executors;

  private Services(ServerConfig config, Clock clock, int readers) {
    this.json = Json.mapper();
    this.db = Database.open(config.db(), readers);
    Stores stores = SqliteStores.on(db, json);
    this.keys = new KeyService(stores.keys(), clock);
    this.sessions = new SessionService(stores.sessions(), clock);
    this.audit = new AuditLog(stores.audit(), clock, config.auditRetentionDays());
    this.claims = new SessionClaims(stores.sessions(), clock);
    db.timings(metrics::store);
    this.environments =
        new PythonEnvironments(
            config.home(),
            config.environments(),
            new RequirementRules(config.python(), config.pipOptions()));
    environments.onBuild(metrics::environmentBuild);
    var runnerHome = RunnerHome.unpack(config.home());
    var runner = new RunnerCommand(runnerHome, config.home(), json);
    this.plugins =
        new PluginService(new PluginDiscovery(config.pluginPath()), environments, runner, json);
    this.runThreads = Executors.newCachedThreadPool(daemon("run-"));
    var modes = new EnumMap<ExecutionMode, RunExecutor>(ExecutionMode.class);
    modes.put(ExecutionMode.LOCAL, LocalMode.executor(environments, runner, json, runThreads));
    RayCluster ray = config.ray();
    if (ray != null && ray.gcsAddress() != null) {
      // Only the driver child JVM loads Ray's classes; this just knows how to start it.
      this.rayActors = new RayActors(ray, runnerHome.pythonPath(), config.home(), json, runThreads);
      modes.put(ExecutionMode.TASK, rayActors.executor());
    } else {
      this.rayActors = null;
    }
    if (ray != null) {
      modes.put(
          ExecutionMode.JOB,
          JobMode.executor(ray, runnerHome.pythonPath(), json, runThreads, ray.pendingLimitS()));
    }
    this.executors = Map.copyOf(modes);
    this.runs =
        new RunService(
            stores.runs(),
            plugins,
            sessions,
            executors,
            json,
            config.home(),
            clock,
            new LongCalls(config.limits().longCallsPerKey(), config.limits().longCallsTotal()));
    this.releases =
        new ReleaseService(
            stores.releases(),
            plugins,
            runs,
            json,
            config.home(),
            config.pluginPath(),
            config.pluginStore(),
            new ArchiveLimits(config.releaseMaxBytes(), config.releaseMaxEntries()),
            clock);
    metrics.gauge(
        "synapse_sessions",
        "Agent sessions by status",
        new String[] {"status"},
        sessions::countByStatus);
    metrics.gauge(
        "synapse_runs",
        "Runs by status and mode",
        new String[] {"status", "mode"},
        runs::countByStatusAndMode);
  }

  /** A server asks the installed Pythons for their versions at start, not at its first run. */
  public void warmEnvironments() {
    environments.warmUp();
  }

  public static Services open(ServerConfig config, Clock clock, int readers) {
    return new Services(config, clock, readers);
  }

  /**
   * Stops live runs (recording why), waits up to {@code graceMs} for them, then closes the
   * database.
   */
  public void stop(long graceMs) {
    runs.shutdown();
    executors.values().forEach(RunExecutor::close);
    runThreads.shutdown();
    environments.close();
    try {
      runThreads.awaitTermination(graceMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    db.close();
  }

  @Override
  public void close() {
    stop(5000);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    var n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
