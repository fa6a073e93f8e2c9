package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an executor tells the run service, in this order: running, handle (optional), finish
 * (exactly once).
 */
public interface RunCallbacks {
  void running();

  void handle(JsonNode handle);

  void finish(RunOutcome outcome);
}
