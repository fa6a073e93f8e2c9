package dev.synapse.mcp.web;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.sessions.Session;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sessions as dots (active green, inactive yellow, closed grey), sub-agents under their lead. */
final class SessionsPage {
  private final Dashboard d;

  SessionsPage(Dashboard d) {
    this.d = d;
  }

  String render(HttpServletRequest req, WebSessions.SignIn s) {
    var a = s.agent();
    String status = blank(req.getParameter("status"));
    String name = blank(req.getParameter("name"));
    String agent = a.isAdmin() ? blank(req.getParameter("agent")) : null;
    List<Session> list =
        d.sessions().list(a, status, name, 500, a.isAdmin() ? (agent == null ? "*" : agent) : null);
    Html h = new Html();
    h.raw("<form method=\"get\" action=\"/sessions\" class=\"filters\">");
    h.raw("<label>status <select name=\"status\">");
    for (String st : new String[] {"", "open", "active", "inactive", "closed"}) {
      h.open(
          "option",
          st.equals(status == null ? "" : status) ? "selected" : "data-x",
          "",
          "value",
          st);
      h.text(st.isEmpty() ? "any" : st).close("option");
    }
    h.raw("</select></label><label>name ");
    h.open("input", "name", "name", "value", name == null ? "" : name, "maxlength", "200");
    h.raw("</label>");
    if (a.isAdmin()) {
      h.raw("<label>agent ");
      h.open("input", "name", "agent", "value", agent == null ? "" : agent, "maxlength", "64");
      h.raw("</label>");
    }
    h.raw("<button type=\"submit\">Filter</button></form>");
    h.raw("<table id=\"sessions\"><tr><th></th><th>name</th><th>description</th><th>agent</th>");
    h.raw("<th>type</th><th>last activity</th><th></th></tr>");
    Map<String, List<Session>> children = new LinkedHashMap<>();
    Map<String, Session> byId = new LinkedHashMap<>();
    list.forEach(x -> byId.put(x.id(), x));
    List<Session> roots = new ArrayList<>();
    for (Session x : list) {
      if (x.parentId() != null && byId.containsKey(x.parentId())) {
        children.computeIfAbsent(x.parentId(), k -> new ArrayList<>()).add(x);
      } else {
        roots.add(x);
      }
    }
    for (Session r : roots) {
      row(h, r, 0, children, s);
    }
    h.raw("</table>");
    if (list.isEmpty()) {
      h.el("p", "No sessions.", "class", "muted");
    }
    return Layout.page("Sessions", "/sessions", s, h);
  }

  private void row(
      Html h, Session x, int depth, Map<String, List<Session>> children, WebSessions.SignIn s) {
    String st = x.status().wire();
    h.open("tr", "data-session", x.id(), "class", "depth-" + Math.min(depth, 3));
    h.open("td").open("span", "class", "dot dot-" + st, "title", st).close("span").close("td");
    h.el("td", x.name(), "class", "name").el("td", x.description());
    h.el("td", x.agent()).el("td", x.agentType() == null ? "" : x.agentType());
    h.open("td").time(x.lastActiveAt()).close("td").open("td");
    if (x.status().wire().equals("closed")) {
      h.button("/sessions/" + x.id() + "/reopen", s.csrf(), "Reopen", "small");
    } else {
      h.button("/sessions/" + x.id() + "/close", s.csrf(), "Close", "small");
    }
    h.close("td").close("tr");
    for (Session c : children.getOrDefault(x.id(), List.of())) {
      row(h, c, depth + 1, children, s);
    }
  }

  /** POST /sessions/{id}/{close|reopen}: where to go next. */
  String act(String id, String op, WebSessions.SignIn s, String client) {
    String outcome = "ok";
    try {
      switch (op) {
        case "close" -> d.sessions().close(s.agent(), id);
        case "reopen" -> d.sessions().reopen(s.agent(), id);
        default -> throw new InvalidInputException("sessions can be closed or reopened");
      }
    } catch (RuntimeException e) {
      outcome = "error: " + e.getMessage();
      throw e;
    } finally {
      d.audit().record(s.agent(), op + "_session", id, outcome, client);
    }
    return "/sessions";
  }

  static String blank(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
