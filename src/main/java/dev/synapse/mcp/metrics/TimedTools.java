package dev.synapse.mcp.metrics;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;

/** Wraps each tool so that its calls are counted and timed, whatever the tool does. */
public final class TimedTools {
  private TimedTools() {}

  public static List<SyncToolSpecification> of(List<SyncToolSpecification> specs, Metrics m) {
    return specs.stream().map(s -> timed(s, m)).toList();
  }

  private static SyncToolSpecification timed(SyncToolSpecification spec, Metrics m) {
    String name = spec.tool().name();
    var inner = spec.callHandler();
    m.knownTool(name);
    return new SyncToolSpecification(
        spec.tool(),
        (exchange, req) -> {
          long t0 = System.nanoTime();
          boolean ok = false;
          try {
            CallToolResult result = inner.apply(exchange, req);
            ok = result != null && !Boolean.TRUE.equals(result.isError());
            return result;
          } finally {
            m.toolCall(name, ok, System.nanoTime() - t0);
          }
        });
  }
}
