package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;

/** One line of the runner's event protocol, parsed strictly; anything else is not an event. */
public sealed interface RunEvent {
  record Log(String level, String message) implements RunEvent {}

  record Progress(double current, Double total, String category, String message)
      implements RunEvent {}

  record Metric(String category, JsonNode value) implements RunEvent {}

  record Result(JsonNode value) implements RunEvent {}

  record Error(String type, String message, String field, String traceback) implements RunEvent {}

  record Status(String phase) implements RunEvent {}

  /** A line of the environment build a run waits for: the step it belongs to and what it says. */
  record Setup(String step, String message) implements RunEvent {}

  /** Null when the node is not a known event. */
  static RunEvent parse(JsonNode n) {
    if (n == null || !n.isObject() || !n.path("event").isTextual()) {
      return null;
    }
    return switch (n.get("event").asText()) {
      case "log" -> new Log(n.path("level").asText("info"), n.path("message").asText(""));
      case "progress" ->
          n.path("current").isNumber()
              ? new Progress(
                  n.get("current").asDouble(),
                  n.path("total").isNumber() ? n.get("total").asDouble() : null,
                  n.path("category").isTextual() ? n.get("category").asText() : null,
                  n.path("message").isTextual() ? n.get("message").asText() : null)
              : null;
      case "metric" -> new Metric(n.path("category").asText("default"), n.path("value"));
      case "result" -> new Result(n.path("value"));
      case "error" ->
          new Error(
              n.path("type").asText("Error"),
              n.path("message").asText(""),
              n.path("field").isTextual() ? n.get("field").asText() : null,
              n.path("traceback").isTextual() ? n.get("traceback").asText() : null);
      case "status" -> new Status(n.path("phase").asText(""));
      default -> null;
    };
  }
}
