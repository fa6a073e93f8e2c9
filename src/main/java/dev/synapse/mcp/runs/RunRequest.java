package dev.synapse.mcp.runs;

import java.util.List;

/** What a caller asks to run; optional fields may be null. */
public record RunRequest(
    String plugin,
    String action,
    Object params,
    String mode,
    String sessionId,
    Integer timeoutS,
    String runId,
    List<String> requirements,
    String jobId) {}
