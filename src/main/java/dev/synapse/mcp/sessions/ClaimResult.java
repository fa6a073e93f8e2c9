package dev.synapse.mcp.sessions;

/** The session a claim ended on and how: reused, revived, reopened or created. */
public record ClaimResult(Session session, String action) {}
