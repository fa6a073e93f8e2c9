package dev.synapse.mcp.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** What a handler may need of the MCP exchange beyond its arguments (progress, logging). */
record ToolCall(McpSyncServerExchange exchange, Map<String, Object> meta) {
  Object progressToken() {
    return meta == null ? null : meta.get("progressToken");
  }

  void progress(double current, Double total, String message) {
    Object token = progressToken();
    if (token != null) {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(token, current, total, message));
    }
  }
}
