package dev.synapse.mcp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.RequestException;
import dev.synapse.mcp.sessions.SessionService;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP tools: definitions (name, description, input and output schema) are data in {@code
 * tools/catalog.json}; handlers are registered by the tool groups. Every call ends in a result: a
 * caller's mistake is an isError result with its one-line reason, anything else is logged in full
 * and answered with a reference to the log.
 */
public final class ToolCatalog {
  /** The transport-context key under which the access filter leaves the authenticated agent. */
  public static final String AGENT = "synapse.agent";

  /** The transport-context key for the caller's network address (for the audit trail). */
  public static final String CLIENT = "synapse.client";

  private static final List<String> HINTS =
      List.of("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint");
  private static final Logger LOG = LoggerFactory.getLogger(ToolCatalog.class);
  private final ObjectMapper json;
  private final McpJsonMapper mcpJson;
  private final Map<String, ToolHandler> handlers = new LinkedHashMap<>();
  private final ToolAudit audit;
  private final List<String> groups =
      new ArrayList<>(List.of("sessions", "plugins", "runs", "releases", "ray"));

  public ToolCatalog(
      ObjectMapper json,
      McpJsonMapper mcpJson,
      SessionService sessions,
      dev.synapse.mcp.sessions.SessionClaims claims,
      dev.synapse.mcp.plugins.PluginService plugins,
      dev.synapse.mcp.runs.RunService runs,
      dev.synapse.mcp.releases.ReleaseService releases,
      dev.synapse.mcp.runs.RayActors rayActors,
      String version,
      Supplier<Map<String, Object>> executors,
      dev.synapse.mcp.audit.AuditLog auditLog) {
    this.json = json;
    this.audit = new ToolAudit(auditLog);
    this.mcpJson = mcpJson;
    var pluginTools = new PluginTools(plugins);
    new IdentityTools(sessions, runs, pluginTools, version, executors).register(handlers);
    new SessionTools(sessions, claims).register(handlers);
    pluginTools.register(handlers);
    var runTools = new RunTools(runs, json);
    runTools.register(handlers);
    new ReleaseTools(releases, runTools, json).register(handlers);
    new RayTools(rayActors).register(handlers);
  }

  /** What {@code checkin} answers, for the hooks' SessionStart orientation. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> checkin(Agent agent) {
    return json.convertValue(
        handlers.get("checkin").handle(agent, new Args(Map.of()), null), Map.class);
  }

  public List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (JsonNode def : definitions()) {
      String name = def.get("name").asText();
      ToolHandler handler = handlers.get(name);
      if (handler == null) {
        throw new IllegalStateException("tool " + name + " is defined but has no handler");
      }
      var tool =
          McpSchema.Tool.builder()
              .name(name)
              .title(def.path("title").asText(name))
              .description(def.get("description").asText())
              .inputSchema(mcpJson, def.get("inputSchema").toString())
              .outputSchema(mcpJson, def.get("outputSchema").toString())
              .annotations(annotations(def))
              .meta(def.has("_meta") ? json.convertValue(def.get("_meta"), Map.class) : null)
              .build();
      specs.add(
          SyncToolSpecification.builder()
              .tool(tool)
              .callHandler((exchange, req) -> call(name, handler, exchange, req))
              .build());
    }
    return specs;
  }

  private CallToolResult call(
      String name,
      ToolHandler handler,
      io.modelcontextprotocol.server.McpSyncServerExchange exchange,
      McpSchema.CallToolRequest req) {
    try {
      Object agent = exchange.transportContext().get(AGENT);
      if (!(agent instanceof Agent caller)) {
        return error("not authenticated: send Authorization: Bearer <key>");
      }
      Object client = exchange.transportContext().get(CLIENT);
      String address = client == null ? null : client.toString();
      Map<String, Object> structured;
      try {
        Object value =
            handler.handle(caller, new Args(req.arguments()), new ToolCall(exchange, req.meta()));
        structured = json.convertValue(value, Map.class);
      } catch (RequestException e) {
        audit.record(name, caller, req.arguments(), null, e.getMessage(), address);
        throw e;
      } catch (RuntimeException e) {
        audit.record(name, caller, req.arguments(), null, "internal error", address);
        throw e;
      }
      audit.record(name, caller, req.arguments(), structured, null, address);
      return CallToolResult.builder()
          .structuredContent(structured)
          .addTextContent(json.writeValueAsString(structured))
          .build();
    } catch (RequestException e) {
      return error(e.getMessage());
    } catch (Exception e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("tool {} failed (ref {})", name, ref, e);
      return error(
          "internal error in " + name + " (ref " + ref + "); the server log has the details");
    }
  }

  /** Every tool declares all four hints: a missing one is a catalogue bug, not a default. */
  private static McpSchema.ToolAnnotations annotations(JsonNode def) {
    JsonNode a = def.path("annotations");
    for (String hint : HINTS) {
      if (!a.path(hint).isBoolean()) {
        throw new IllegalStateException("tool " + def.get("name").asText() + " lacks " + hint);
      }
    }
    return McpSchema.ToolAnnotations.builder()
        .title(def.path("title").asText(null))
        .readOnlyHint(a.get("readOnlyHint").asBoolean())
        .destructiveHint(a.get("destructiveHint").asBoolean())
        .idempotentHint(a.get("idempotentHint").asBoolean())
        .openWorldHint(a.get("openWorldHint").asBoolean())
        .build();
  }

  private static CallToolResult error(String message) {
    return CallToolResult.builder().isError(true).addTextContent(message).build();
  }

  private List<JsonNode> definitions() {
    List<JsonNode> out = new ArrayList<>();
    for (String group : groups) {
      String resource = "tools/" + group + ".json";
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        json.readTree(in).forEach(out::add);
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException(resource + " is missing or malformed", e);
      }
    }
    return out;
  }
}
