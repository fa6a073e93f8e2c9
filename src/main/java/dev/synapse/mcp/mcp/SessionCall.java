package dev.synapse.mcp.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/** A tools/call on a 2025 session: notifications go through the session's exchange. */
record SessionCall(McpSyncServerExchange exchange, Map<String, Object> meta) implements ToolCall {
  @Override
  public Object progressToken() {
    return meta == null ? null : meta.get("progressToken");
  }

  @Override
  public void progress(double current, Double total, String message) {
    Object token = progressToken();
    if (token != null) {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(token, current, total, message));
    }
  }

  @Override
  public void log(String level, String logger, String message) {
    exchange.loggingNotification(
        McpSchema.LoggingMessageNotification.builder()
            .level(McpSchema.LoggingLevel.valueOf(level.toUpperCase()))
            .logger(logger)
            .data(message)
            .build());
  }
}
