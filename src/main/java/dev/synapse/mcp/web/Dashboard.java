package dev.synapse.mcp.web;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.releases.ReleaseService;
import dev.synapse.mcp.runs.RunService;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the dashboard reads and changes: the same services MCP and REST call. */
public record Dashboard(
    SessionService sessions,
    RunService runs,
    PluginService plugins,
    ReleaseService releases,
    KeyService keys,
    AuditLog audit,
    Database db,
    String version,
    Supplier<Map<String, Object>> executors,
    Predicate<String> hostAllowed,
    Predicate<String> originAllowed,
    WebSettings settings) {}
