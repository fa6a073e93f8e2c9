package dev.synapse.mcp.runs;

import java.util.List;

/** A list filter; null fields filter nothing ({@code agentId} null: every agent). */
public record RunQuery(
    Long agentId,
    String plugin,
    List<RunStatus> statuses,
    String sessionId,
    List<ExecutionMode> modes,
    int limit) {}
