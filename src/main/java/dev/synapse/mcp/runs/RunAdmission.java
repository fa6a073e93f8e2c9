package dev.synapse.mcp.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.EnvironmentSpec;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.sessions.SessionStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Decides whether a run may start and how: its action, mode and executor, its session, timeout,
 * requirements, environment and params, all checked before anything is stored. Nothing here writes.
 */
final class RunAdmission {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final PluginService plugins;
  private final SessionService sessions;
  private final Map<ExecutionMode, RunExecutor> executors;
  private final ObjectMapper json;
  private final Path runsDir;

  RunAdmission(
      PluginService plugins,
      SessionService sessions,
      Map<ExecutionMode, RunExecutor> executors,
      ObjectMapper json,
      Path runsDir) {
    this.plugins = plugins;
    this.sessions = sessions;
    this.executors = executors;
    this.json = json;
    this.runsDir = runsDir;
  }

  /**
   * An admitted run: the row to store (in {@code initial} status), the job for {@code executor},
   * and the params as the one JSON text both the row and the runner get.
   */
  record Admitted(NewRun row, RunStatus initial, RunJob job, String params, RunExecutor executor) {}

  Admitted admit(Agent agent, Plugin plugin, RunRequest req) {
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
    String paramsJson = text(params);
    String id =
        req.runId() != null
            ? req.runId()
            : "run_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Path logsDir = runsDir.resolve(id);
    var row =
        new NewRun(
            id,
            agent.id(),
            req.sessionId() == null ? null : req.sessionId().toLowerCase(),
            plugin.code(),
            plugin.version(),
            plugin.dir().toString(),
            action.name(),
            mode,
            paramsJson,
            logsDir.toString(),
            req.timeoutS(),
            req.jobId(),
            "queued");
    var job =
        new RunJob(
            id,
            plugin,
            action,
            logsDir.resolve("params.json"),
            requirements,
            req.timeoutS(),
            agent.id(),
            env);
    return new Admitted(
        row, preparing ? RunStatus.PREPARING : RunStatus.QUEUED, job, paramsJson, executor);
  }

  static String checkRunId(String runId) {
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
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("params are not serializable as JSON");
    }
  }
}
