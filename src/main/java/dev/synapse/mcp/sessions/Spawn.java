package dev.synapse.mcp.sessions;

/** One Agent tool call seen by the hooks, and the sub-agent and session it turned into. */
public record Spawn(
    String toolUseId,
    String name,
    String description,
    String agentType,
    boolean background,
    String ccAgentId,
    String sessionId) {}
