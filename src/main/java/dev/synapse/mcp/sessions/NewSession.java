package dev.synapse.mcp.sessions;

/** Fields of a session created by create_session; {@code expiresAt} may be null (epoch ms). */
public record NewSession(
    String id, long agentId, String name, String description, Long expiresAt) {}
