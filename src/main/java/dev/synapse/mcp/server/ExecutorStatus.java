package dev.synapse.mcp.server;

import java.util.LinkedHashMap;
import java.util.Map;

/** Which executors this server can use right now, as checkin and health report it. */
final class ExecutorStatus {
  private ExecutorStatus() {}

  static Map<String, Object> summary() {
    var out = new LinkedHashMap<String, Object>();
    out.put("local", Map.of("available", true));
    String reason = "Ray is not configured: set RAY_ADDRESS and SYNAPSE_RAY_DASHBOARD";
    out.put("task", Map.of("available", false, "reason", reason));
    out.put("job", Map.of("available", false, "reason", reason));
    return out;
  }
}
