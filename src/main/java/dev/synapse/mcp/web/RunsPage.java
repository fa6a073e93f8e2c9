package dev.synapse.mcp.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.runs.Run;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/** Runs: a live list, one run's params, result, logs (tail, search) and setup log, cancel. */
final class RunsPage {
  private final Dashboard d;

  RunsPage(Dashboard d) {
    this.d = d;
  }

  String list(HttpServletRequest req, WebSessions.SignIn s) {
    var a = s.agent();
    String status = SessionsPage.blank(req.getParameter("status"));
    String plugin = SessionsPage.blank(req.getParameter("plugin"));
    String agent = a.isAdmin() ? SessionsPage.blank(req.getParameter("agent")) : null;
    List<Run> runs =
        d.runs()
            .list(a, plugin, status, null, 100, a.isAdmin() ? (agent == null ? "*" : agent) : null);
    Html h = new Html();
    h.raw("<form method=\"get\" action=\"/runs\" class=\"filters\"><label>status ");
    h.open("input", "name", "status", "value", status == null ? "" : status, "maxlength", "20");
    h.raw("</label><label>plugin ");
    h.open("input", "name", "plugin", "value", plugin == null ? "" : plugin, "maxlength", "100");
    h.raw("</label>");
    if (a.isAdmin()) {
      h.raw("<label>agent ");
      h.open("input", "name", "agent", "value", agent == null ? "" : agent, "maxlength", "64");
      h.raw("</label>");
    }
    h.raw("<button type=\"submit\">Filter</button></form>");
    h.raw("<table id=\"runs\" data-live=\"runs\"><thead><tr><th>run</th><th>plugin</th>");
    h.raw("<th>mode</th><th>status</th><th>message</th><th>agent</th><th>created</th><th></th>");
    h.raw("</tr></thead><tbody>");
    for (Run r : runs) {
      h.open("tr", "data-run", r.id());
      h.open("td")
          .link("/runs/" + r.id(), r.id().substring(0, Math.min(12, r.id().length())))
          .close("td");
      h.el("td", r.plugin() + " " + r.action()).el("td", r.mode().wire());
      status(h, r);
      h.el("td", r.message() == null ? "" : r.message(), "class", "message");
      h.el("td", r.agent()).open("td").time(r.createdAt()).close("td").open("td");
      if (!r.status().terminal()) {
        h.button("/runs/" + r.id() + "/cancel", s.csrf(), "Cancel", "small");
      }
      h.close("td").close("tr");
    }
    h.raw("</tbody></table>");
    if (runs.isEmpty()) {
      h.el("p", "No runs.", "class", "muted");
    }
    return Layout.page("Runs", "/runs", s, h);
  }

  String detail(String id, HttpServletRequest req, WebSessions.SignIn s) {
    Run r = d.runs().get(s.agent(), id);
    String grep = SessionsPage.blank(req.getParameter("grep"));
    int tail = tail(req.getParameter("tail"));
    Html h = new Html();
    h.open("div", "id", "run", "data-run", r.id(), "data-status", r.status().wire());
    h.raw("<table class=\"fields\">");
    field(h, "id", r.id());
    field(h, "plugin", r.plugin() + "@" + r.pluginVersion() + " " + r.action());
    field(h, "mode", r.mode().wire());
    h.raw("<tr><th>status</th>");
    status(h, r);
    h.raw("</tr>");
    field(h, "message", r.message());
    field(h, "agent", r.agent());
    field(h, "session", r.sessionId());
    field(h, "duration", r.durationS() == null ? "" : r.durationS() + " s");
    field(h, "error", r.error());
    h.raw("</table>");
    if (!r.status().terminal()) {
      h.button("/runs/" + r.id() + "/cancel", s.csrf(), "Cancel run", "danger");
    }
    h.el("h2", "Params").el("pre", pretty(r.params()), "id", "params");
    h.el("h2", "Result").el("pre", pretty(r.result()), "id", "result");
    h.el("h2", "Log");
    h.open("form", "method", "get", "action", "/runs/" + r.id(), "class", "filters");
    h.raw("<label>search ");
    h.open("input", "name", "grep", "value", grep == null ? "" : grep, "maxlength", "1000");
    h.raw("</label><label>last lines ");
    h.open(
        "input", "name", "tail", "type", "number", "min", "1", "max", "5000", "value", "" + tail);
    h.raw("</label><button type=\"submit\">Show</button></form>");
    log(h, s, r.id(), "action", tail, grep, "log");
    h.el("h2", "Setup log");
    log(h, s, r.id(), "setup", tail, null, "setup-log");
    h.raw("</div>");
    return Layout.page("Run " + r.id().substring(0, Math.min(12, r.id().length())), "/runs", s, h);
  }

  String cancel(String id, WebSessions.SignIn s, String client) {
    String outcome = "ok";
    try {
      d.runs().cancel(s.agent(), id);
    } catch (RuntimeException e) {
      outcome = "error: " + e.getMessage();
      throw e;
    } finally {
      d.audit().record(s.agent(), "cancel_run", id, outcome, client);
    }
    return "/runs/" + id;
  }

  private void log(
      Html h, WebSessions.SignIn s, String id, String stream, int tail, String grep, String el) {
    Map<String, Object> out = d.runs().logs(s.agent(), id, stream, tail, null, grep);
    @SuppressWarnings("unchecked")
    List<String> lines = (List<String>) out.get("lines");
    h.el("pre", String.join("\n", lines), "id", el, "class", "log");
    h.el("p", lines.size() + " of " + out.get("total_lines") + " lines", "class", "muted");
  }

  static void status(Html h, Run r) {
    String st = r.status().wire();
    h.el("td", st, "class", "status st-" + st);
  }

  private static void field(Html h, String name, Object value) {
    h.raw("<tr>").el("th", name).el("td", value == null ? "" : value, "class", "f-" + name);
    h.raw("</tr>");
  }

  private static String pretty(JsonNode node) {
    return node == null || node.isNull() ? "" : node.toPrettyString();
  }

  private static int tail(String v) {
    try {
      int n = v == null ? 200 : Integer.parseInt(v.trim());
      return Math.max(1, Math.min(n, 5000));
    } catch (NumberFormatException e) {
      return 200;
    }
  }
}
