package dev.synapse.mcp.store;

import dev.synapse.mcp.agents.KeyStore;
import dev.synapse.mcp.audit.AuditStore;
import dev.synapse.mcp.releases.ReleaseStore;
import dev.synapse.mcp.runs.RunStore;
import dev.synapse.mcp.sessions.SessionStore;

/**
 * One store per aggregate, all on one database. The services see only these interfaces and their
 * domain types; {@code store.sqlite} implements them for SQLite.
 */
public record Stores(
    KeyStore keys, SessionStore sessions, RunStore runs, ReleaseStore releases, AuditStore audit) {}
