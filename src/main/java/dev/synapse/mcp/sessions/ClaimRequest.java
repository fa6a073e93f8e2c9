package dev.synapse.mcp.sessions;

/**
 * Who is claiming a session: the Claude Code session and (for a sub-agent) its agent id, with what
 * the spawn said about it. {@code ccAgentId} null is the lead itself; {@code parentId} null lets
 * the server take the lead's session of the same Claude Code session; {@code pid} and {@code
 * processStart} name the Claude Code process the session belongs to.
 */
public record ClaimRequest(
    String ccSessionId,
    String ccAgentId,
    String agentType,
    String name,
    String description,
    String toolUseId,
    String parentId,
    String pairing,
    Long pid,
    String processStart) {}
