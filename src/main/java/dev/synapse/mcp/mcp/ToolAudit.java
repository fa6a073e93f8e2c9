package dev.synapse.mcp.mcp;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.audit.AuditLog;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records the state-changing tool calls in the audit trail. session_heartbeat is left out: it only
 * marks a session alive (its time is on the session itself) and comes with every prompt.
 */
final class ToolAudit {
  static final Set<String> CHANGING =
      Set.of(
          "create_session",
          "close_session",
          "reopen_session",
          "run_plugin",
          "cancel_run",
          "create_plugin_release",
          "delete_plugin_release",
          "run_plugin_release",
          "run_debug_plugin_release",
          "stop_ray_actor");
  private static final List<String> TARGET_ARGS =
      List.of("session_id", "run_id", "lookup", "name", "plugin_path", "plugin");

  private final AuditLog log;

  ToolAudit(AuditLog log) {
    this.log = log;
  }

  void record(
      String tool,
      Agent agent,
      Map<String, Object> args,
      Map<String, Object> result,
      String error,
      String client) {
    if (log == null || !CHANGING.contains(tool)) {
      return;
    }
    log.record(
        agent, tool, target(tool, args, result), error == null ? "ok" : "error: " + error, client);
  }

  private static String target(String tool, Map<String, Object> args, Map<String, Object> result) {
    if (result != null) {
      if (result.get("release") instanceof Map<?, ?> r && r.get("lookup") != null) {
        return String.valueOf(r.get("lookup"));
      }
      if (result.get("id") != null && !tool.endsWith("_release")) {
        return String.valueOf(result.get("id"));
      }
    }
    if (args != null) {
      if (tool.equals("create_plugin_release") && args.get("version") != null) {
        return args.get("plugin") + "@" + args.get("version");
      }
      for (String k : TARGET_ARGS) {
        if (args.get(k) != null) {
          return String.valueOf(args.get(k));
        }
      }
    }
    return null;
  }
}
