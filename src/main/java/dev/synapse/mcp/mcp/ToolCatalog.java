package dev.synapse.mcp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.RequestException;
import dev.synapse.mcp.sessions.SessionService;
import io.modelcontextprotocol.common.McpTransportContext;
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
      dev.synapse.mcp.runs.task.RayActors rayActors,
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
        handlers.get("checkin").handle(agent, new Args(Map.of()), ToolCall.SILENT), Map.class);
  }

  /** The tools for 2025 sessions (the SDK's session server). */
  public List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (Declared d : declared()) {
      var tool =
          McpSchema.Tool.builder()
              .name(d.name())
              .title(d.title())
              .description(d.description())
              .inputSchema(mcpJson, d.def().get("inputSchema").toString())
              .outputSchema(mcpJson, d.def().get("outputSchema").toString())
              .annotations(annotations(d.def()))
              .meta(d.meta())
              .build();
      specs.add(
          SyncToolSpecification.builder()
              .tool(tool)
              .callHandler(
                  (exchange, req) ->
                      legacy(
                          invoke(
                              d,
                              exchange.transportContext(),
                              req.arguments(),
                              new SessionCall(exchange, req.meta()))))
              .build());
    }
    return specs;
  }

  /** The same tools for protocol 2026-07-28 (the SDK's stateless server). */
  public StatelessTools statelessTools() {
    return new StatelessTools(this, mcpJson, declared());
  }

  /** One declared tool: its definition (data) and the handler that serves it. */
  record Declared(JsonNode def, ToolHandler handler, Map<String, Object> meta) {
    String name() {
      return def.get("name").asText();
    }

    String title() {
      return def.path("title").asText(name());
    }

    String description() {
      return def.get("description").asText();
    }

    boolean hint(String name) {
      return def.get("annotations").get(name).asBoolean();
    }
  }

  /** What a call came to: the structured result, or the one line the caller reads. */
  record Outcome(Map<String, Object> structured, String text, boolean error) {}

  @SuppressWarnings("unchecked")
  private List<Declared> declared() {
    List<Declared> out = new ArrayList<>();
    for (JsonNode def : definitions()) {
      String name = def.get("name").asText();
      ToolHandler handler = handlers.get(name);
      if (handler == null) {
        throw new IllegalStateException("tool " + name + " is defined but has no handler");
      }
      annotations(def);
      var meta =
          def.has("_meta")
              ? (Map<String, Object>) json.convertValue(def.get("_meta"), Map.class)
              : null;
      out.add(new Declared(def, handler, meta));
    }
    return out;
  }

  private static CallToolResult legacy(Outcome o) {
    return o.error()
        ? CallToolResult.builder().isError(true).addTextContent(o.text()).build()
        : CallToolResult.builder()
            .structuredContent(o.structured())
            .addTextContent(o.text())
            .build();
  }

  /** Authenticates, runs the handler, audits; whatever happens, ends in an outcome. */
  @SuppressWarnings("unchecked")
  Outcome invoke(
      Declared tool, McpTransportContext context, Map<String, Object> arguments, ToolCall call) {
    String name = tool.name();
    try {
      Object agent = context == null ? null : context.get(AGENT);
      if (!(agent instanceof Agent caller)) {
        return failed("not authenticated: send Authorization: Bearer <key>");
      }
      Object client = context.get(CLIENT);
      String address = client == null ? null : client.toString();
      Map<String, Object> structured;
      try {
        Object value = tool.handler().handle(caller, new Args(arguments), call);
        structured = json.convertValue(value, Map.class);
      } catch (RequestException e) {
        audit.record(name, caller, arguments, null, e.getMessage(), address);
        throw e;
      } catch (RuntimeException e) {
        audit.record(name, caller, arguments, null, "internal error", address);
        throw e;
      }
      audit.record(name, caller, arguments, structured, null, address);
      return new Outcome(structured, json.writeValueAsString(structured), false);
    } catch (RequestException e) {
      return failed(e.getMessage());
    } catch (Exception e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("tool {} failed (ref {})", name, ref, e);
      return failed(
          "internal error in " + name + " (ref " + ref + "); the server log has the details");
    }
  }

  private static Outcome failed(String message) {
    return new Outcome(null, message, true);
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
