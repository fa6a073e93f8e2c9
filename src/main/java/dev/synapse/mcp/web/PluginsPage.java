package dev.synapse.mcp.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.DiscoveredPlugin;
import dev.synapse.mcp.plugins.EnvironmentException;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/** Plugins, their actions and environment; each action's params schema as a form that runs it. */
final class PluginsPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Dashboard d;

  PluginsPage(Dashboard d) {
    this.d = d;
  }

  String list(WebSessions.SignIn s) {
    Html h = new Html();
    h.raw("<table id=\"plugins\"><tr><th>code</th><th>name</th><th>version</th>");
    h.raw("<th>description</th><th>actions</th></tr>");
    for (DiscoveredPlugin p : d.plugins().list()) {
      Map<String, Object> m = PluginService.summary(p);
      h.open("tr")
          .open("td")
          .link("/plugins/" + Html.url(String.valueOf(m.get("code"))), m.get("code"));
      h.close("td").el("td", m.get("name")).el("td", m.get("version"));
      h.el("td", m.containsKey("error") ? m.get("error") : m.get("description"));
      Object actions = m.get("actions");
      h.el(
          "td",
          actions instanceof List<?> l
              ? String.join(", ", l.stream().map(String::valueOf).toList())
              : "");
      h.close("tr");
    }
    h.raw("</table>");
    return Layout.page("Plugins", "/plugins", s, h);
  }

  String detail(String code, WebSessions.SignIn s) {
    Plugin p = d.plugins().resolve(code);
    Html h = new Html();
    h.el("p", p.manifest().description(), "class", "muted");
    h.raw("<table class=\"fields\">");
    h.raw("<tr><th>version</th>").el("td", p.version()).raw("</tr>");
    h.raw("<tr><th>environment</th>").el("td", environment(p), "id", "env").raw("</tr></table>");
    for (ActionSpec a : p.manifest().actions().values()) {
      ObjectNode described = d.plugins().describeAction(p, a);
      JsonNode schema = described.get("params_schema");
      String base = "/plugins/" + Html.url(p.code()) + "/" + Html.url(a.name());
      h.open("section", "class", "action", "id", "action-" + a.name());
      h.el("h2", a.name()).el("p", a.description(), "class", "muted");
      h.open("form", "method", "post", "action", base + "/run", "class", "run-form");
      h.hidden("csrf", s.csrf());
      if (schema != null && schema.path("properties").isObject()) {
        schema
            .path("properties")
            .fields()
            .forEachRemaining(f -> input(h, f.getKey(), f.getValue(), schema));
      } else {
        h.raw("<label>params (JSON) ");
        h.open("textarea", "name", "params_json", "rows", "3", "maxlength", "100000").text("{}");
        h.raw("</textarea></label>");
      }
      h.raw("<label>mode <select name=\"mode\">");
      for (ExecutionMode m : ExecutionMode.values()) {
        if (d.runs().supports(m)) {
          h.open("option", "value", m.wire()).text(m.wire()).close("option");
        }
      }
      h.raw("</select></label><button type=\"submit\">Run</button></form></section>");
    }
    return Layout.page("Plugin " + p.code(), "/plugins", s, h);
  }

  private void input(Html h, String name, JsonNode prop, JsonNode schema) {
    String type = prop.path("type").asText("string");
    boolean required = false;
    for (JsonNode r : schema.path("required")) {
      required |= r.asText().equals(name);
    }
    JsonNode def = prop.get("default");
    h.open("label").text(name + (required ? " *" : "") + " ");
    String field = "p." + name;
    switch (type) {
      case "number", "integer" -> {
        h.open(
            "input",
            "type",
            "number",
            "name",
            field,
            "step",
            type.equals("integer") ? "1" : "any",
            "value",
            def == null ? "" : def.asText(),
            required ? "required" : "data-optional",
            "");
      }
      case "boolean" ->
          h.open(
              "input",
              "type",
              "checkbox",
              "name",
              field,
              def != null && def.asBoolean() ? "checked" : "data-unchecked",
              "");
      case "object", "array" -> {
        h.open("textarea", "name", field, "rows", "2", "maxlength", "100000", "data-json", "1");
        h.text(def == null ? "" : def.toString()).close("textarea");
      }
      default ->
          h.open(
              "input",
              "type",
              "text",
              "name",
              field,
              "maxlength",
              "10000",
              "value",
              def == null ? "" : def.asText(),
              required ? "required" : "data-optional",
              "");
    }
    if (prop.hasNonNull("description")) {
      h.el("span", prop.get("description").asText(), "class", "muted");
    }
    h.close("label");
  }

  String run(
      String code, String action, HttpServletRequest req, WebSessions.SignIn s, String client) {
    Plugin p = d.plugins().resolve(code);
    ActionSpec spec = d.plugins().action(p, action);
    JsonNode schema = d.plugins().describeAction(p, spec).get("params_schema");
    ObjectNode params = params(req, schema);
    String target = p.code() + " " + action;
    try {
      Run r =
          d.runs()
              .start(
                  s.agent(),
                  new RunRequest(
                      p.code(),
                      action,
                      JSON.convertValue(params, Map.class),
                      SessionsPage.blank(req.getParameter("mode")),
                      null,
                      null,
                      null,
                      null,
                      null));
      d.audit().record(s.agent(), "run_plugin", r.id(), "ok", client);
      return "/runs/" + r.id();
    } catch (RuntimeException e) {
      d.audit().record(s.agent(), "run_plugin", target, "error: " + e.getMessage(), client);
      throw e;
    }
  }

  private static ObjectNode params(HttpServletRequest req, JsonNode schema) {
    if (schema == null || !schema.path("properties").isObject()) {
      String raw = req.getParameter("params_json");
      try {
        JsonNode n = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
        if (!n.isObject()) {
          throw new InvalidInputException("params must be a JSON object");
        }
        return (ObjectNode) n;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new InvalidInputException("params are not valid JSON");
      }
    }
    ObjectNode out = JSON.createObjectNode();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            f -> {
              String v = req.getParameter("p." + f.getKey());
              String type = f.getValue().path("type").asText("string");
              if (type.equals("boolean")) {
                out.put(f.getKey(), v != null);
                return;
              }
              if (v == null || v.isBlank()) {
                return;
              }
              try {
                switch (type) {
                  case "integer" -> out.put(f.getKey(), Long.parseLong(v.trim()));
                  case "number" -> number(out, f.getKey(), v.trim());
                  case "object", "array" -> out.set(f.getKey(), JSON.readTree(v));
                  default -> out.put(f.getKey(), v);
                }
              } catch (NumberFormatException
                  | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidInputException(f.getKey() + " must be a " + type);
              }
            });
    return out;
  }

  private static void number(ObjectNode out, String key, String v) {
    var n = new java.math.BigDecimal(v);
    if (n.scale() <= 0 && n.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
      out.put(key, n.longValueExact());
    } else {
      out.put(key, n.doubleValue());
    }
  }

  private String environment(Plugin p) {
    try {
      var envs = d.plugins().environments();
      var st = envs.state(envs.spec(p, List.of()));
      return st.state() + (st.error() == null ? "" : ": " + st.error());
    } catch (EnvironmentException e) {
      return "unavailable: " + e.getMessage();
    }
  }
}
