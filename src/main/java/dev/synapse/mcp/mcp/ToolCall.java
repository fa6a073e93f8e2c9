package dev.synapse.mcp.mcp;

/**
 * What a handler may need of the call beyond its arguments: progress and log notifications, sent
 * the way the caller's protocol version sends them (or not at all when the caller did not ask).
 */
interface ToolCall {
  /** The caller's progress token, or null when it sent none (then progress is not sent). */
  Object progressToken();

  void progress(double current, Double total, String message);

  /** A log line for the caller; {@code level} is a syslog name (debug, info, warning, error). */
  void log(String level, String logger, String message);

  /** A call with nobody listening (checkin from the hooks route). */
  ToolCall SILENT =
      new ToolCall() {
        @Override
        public Object progressToken() {
          return null;
        }

        @Override
        public void progress(double current, Double total, String message) {}

        @Override
        public void log(String level, String logger, String message) {}
      };
}
