package dev.synapse.mcp.runs;

/** Fields of a new run row; {@code params} is the JSON text the runner is given. */
public record NewRun(
    String id,
    long agentId,
    String sessionId,
    String plugin,
    String pluginVersion,
    String pluginPath,
    String action,
    ExecutionMode mode,
    String params,
    String logsDir,
    Integer timeoutS,
    String jobId,
    String message) {}
