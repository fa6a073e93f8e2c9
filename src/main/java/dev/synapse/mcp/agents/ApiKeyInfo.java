package dev.synapse.mcp.agents;

import java.time.Instant;
import java.util.List;

/** A key as listed: never the key itself, only its visible prefix. */
public record ApiKeyInfo(
    String agent, String prefix, List<String> roles, Instant createdAt, Instant revokedAt) {}
