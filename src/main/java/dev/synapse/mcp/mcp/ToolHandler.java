package dev.synapse.mcp.mcp;

import dev.synapse.mcp.agents.Agent;

/** Serves one tool: arguments in, a service call, a JSON-able result out. */
@FunctionalInterface
interface ToolHandler {
  Object handle(Agent agent, Args args, ToolCall call);
}
