package dev.synapse.mcp.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's tools for protocol 2026-07-28: the same declarations and handlers as the 2025
 * session server, answered per request. A call streams (SSE) only when the caller asked for
 * progress or log lines; otherwise it is one JSON response.
 */
public final class StatelessTools implements McpSyncToolRepository {
  private final ToolCatalog catalog;
  private final List<McpSchema.Tool> tools = new ArrayList<>();
  private final Map<String, McpSyncTool> byName = new LinkedHashMap<>();

  StatelessTools(ToolCatalog catalog, McpJsonMapper mcpJson, List<ToolCatalog.Declared> declared) {
    this.catalog = catalog;
    for (ToolCatalog.Declared d : declared) {
      McpSchema.Tool tool =
          McpSchema.Tool.builder(d.name(), mcpJson, d.def().get("inputSchema").toString())
              .title(d.title())
              .description(d.description())
              .outputSchema(mcpJson, d.def().get("outputSchema").toString())
              .annotations(
                  new McpSchema.ToolAnnotations(
                      d.title(),
                      d.hint("readOnlyHint"),
                      d.hint("destructiveHint"),
                      d.hint("idempotentHint"),
                      d.hint("openWorldHint")))
              .meta(d.meta())
              .build();
      tools.add(tool);
      byName.put(d.name(), McpSyncTool.of(tool, (ctx, req) -> call(d, ctx, req)));
    }
  }

  @Override
  public ToolsPage list(McpRequestContext context, String cursor) {
    return ToolsPage.of(tools);
  }

  @Override
  public McpSyncTool find(McpRequestContext context, String name) {
    return byName.get(name);
  }

  private McpSyncResponse<McpSchema.CallToolOutcome> call(
      ToolCatalog.Declared tool, McpRequestContext ctx, McpSchema.CallToolRequest req) {
    boolean listening =
        ctx.progressToken() != null
            || (ctx.meta() != null && ctx.meta().get(McpSchema.MetaKeys.LOG_LEVEL) != null);
    if (!listening) {
      return McpSyncResponse.result(
          result(
              catalog.invoke(
                  tool, ctx.transportContext(), req.arguments(), new StatelessCall(ctx, null))));
    }
    return McpSyncResponse.streaming(
        notifier ->
            result(
                catalog.invoke(
                    tool,
                    ctx.transportContext(),
                    req.arguments(),
                    new StatelessCall(ctx, notifier))));
  }

  private static McpSchema.CallToolResult result(ToolCatalog.Outcome o) {
    var text = McpSchema.TextContent.builder(o.text()).build();
    var b = new McpSchema.CallToolResult.Builder().addContent(text);
    return o.error() ? b.isError(true).build() : b.structuredContent(o.structured()).build();
  }
}
