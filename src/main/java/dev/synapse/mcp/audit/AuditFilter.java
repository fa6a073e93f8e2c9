package dev.synapse.mcp.audit;

import java.time.Instant;

/** What {@code synapse-mcp audit} asks for; null fields do not filter. */
public record AuditFilter(
    String agent, String action, String target, Instant since, boolean failedOnly, int limit) {}
