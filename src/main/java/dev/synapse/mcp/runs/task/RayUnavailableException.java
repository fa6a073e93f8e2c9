package dev.synapse.mcp.runs.task;

/** Ray could not be reached or its driver stopped: the message says what to check. */
final class RayUnavailableException extends Exception {
  RayUnavailableException(String message) {
    super(message);
  }
}
