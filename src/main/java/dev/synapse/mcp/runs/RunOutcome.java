package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;

/** How a run ended, as its executor reports it. */
public sealed interface RunOutcome {
  record Succeeded(JsonNode result) implements RunOutcome {}

  record Failed(String reason) implements RunOutcome {}

  record Cancelled(String reason) implements RunOutcome {}
}
