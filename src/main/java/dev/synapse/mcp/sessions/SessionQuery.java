package dev.synapse.mcp.sessions;

/**
 * A list filter. {@code status} null means open (active or inactive) when {@code openOnly}, else
 * any. {@code agentId} null means every agent (admins only).
 */
public record SessionQuery(
    Long agentId, SessionStatus status, boolean openOnly, String name, int limit) {}
