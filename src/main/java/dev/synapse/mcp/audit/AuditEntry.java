package dev.synapse.mcp.audit;

import java.time.Instant;

/** One audit row: outcome is {@code ok} or {@code error: <the caller's one-line message>}. */
public record AuditEntry(
    Instant at,
    String agent,
    String keyPrefix,
    String action,
    String target,
    String outcome,
    String client) {}
