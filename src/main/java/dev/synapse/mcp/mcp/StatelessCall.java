package dev.synapse.mcp.mcp;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncNotifier;

/**
 * A tools/call under protocol 2026-07-28: notifications go on the request's own response stream.
 * Log lines are sent only when the request's {@code _meta} names a log level, and only at or above
 * it (the spec forbids them otherwise).
 */
record StatelessCall(McpRequestContext context, McpSyncNotifier notifier) implements ToolCall {
  @Override
  public Object progressToken() {
    return context.progressToken();
  }

  @Override
  public void progress(double current, Double total, String message) {
    if (notifier != null && context.progressToken() != null) {
      notifier.progress(current, total, message);
    }
  }

  @Override
  public void log(String level, String logger, String message) {
    Object wanted =
        context.meta() == null ? null : context.meta().get(McpSchema.MetaKeys.LOG_LEVEL);
    if (notifier == null || wanted == null) {
      return;
    }
    McpSchema.LoggingLevel line = McpSchema.LoggingLevel.fromValue(level);
    McpSchema.LoggingLevel floor = McpSchema.LoggingLevel.fromValue(String.valueOf(wanted));
    if (line != null && floor != null && line.level() >= floor.level()) {
      notifier.notify(
          "notifications/message", new McpSchema.LoggingMessageParams(line, logger, message));
    }
  }
}
