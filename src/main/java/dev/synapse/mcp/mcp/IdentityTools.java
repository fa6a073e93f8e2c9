package dev.synapse.mcp.mcp;

import dev.synapse.mcp.sessions.SessionService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code checkin}: who the caller is and what it has open, in one call at the start of a
 * conversation.
 */
final class IdentityTools {
  private final SessionService sessions;
  private final dev.synapse.mcp.runs.RunService runs;
  private final PluginTools plugins;
  private final String version;
  private final Supplier<Map<String, Object>> executors;

  IdentityTools(
      SessionService sessions,
      dev.synapse.mcp.runs.RunService runs,
      PluginTools plugins,
      String version,
      Supplier<Map<String, Object>> executors) {
    this.sessions = sessions;
    this.runs = runs;
    this.plugins = plugins;
    this.version = version;
    this.executors = executors;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "checkin",
        (agent, a, call) -> {
          var out = new LinkedHashMap<String, Object>();
          out.put("agent", Map.of("name", agent.name(), "roles", agent.roleNames()));
          out.put(
              "sessions",
              agent.has(dev.synapse.mcp.agents.Role.SESSION)
                  ? SessionTools.nest(sessions.list(agent, "open", null, 100, null))
                  : List.of());
          boolean runner = agent.has(dev.synapse.mcp.agents.Role.RUN);
          out.put(
              "runs",
              Map.of(
                  "running",
                  runner ? runs.list(agent, null, "running", null, 50, null) : List.of(),
                  "recent",
                  runner ? runs.list(agent, null, null, null, 10, null) : List.of()));
          out.put("plugins", runner ? plugins.summaries() : List.of());
          out.put("server", Map.of("name", "synapse-mcp", "version", version));
          out.put("executors", executors.get());
          return out;
        });
  }
}
