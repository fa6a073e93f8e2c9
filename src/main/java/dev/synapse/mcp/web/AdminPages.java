package dev.synapse.mcp.web;

import dev.synapse.mcp.agents.ApiKeyInfo;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.audit.AuditEntry;
import dev.synapse.mcp.audit.AuditFilter;
import dev.synapse.mcp.errors.ForbiddenException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.releases.PluginRelease;
import dev.synapse.mcp.releases.ReleaseFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;

/** Releases, keys (admin: create, revoke, roles) and the audit trail. */
final class AdminPages {
  private final Dashboard d;

  AdminPages(Dashboard d) {
    this.d = d;
  }

  String releases(WebSessions.SignIn s) {
    Html h = new Html();
    var page = d.releases().list(s.agent(), ReleaseFilter.NONE, 1, 100);
    h.raw("<table id=\"releases\"><tr><th>release</th><th>actions</th><th>size</th>");
    h.raw("<th>sha256</th><th>created</th></tr>");
    for (PluginRelease r : page.results()) {
      h.open("tr").el("td", r.ref()).el("td", String.join(", ", r.actions()));
      h.el("td", r.size() + " B")
          .el("td", r.sha256().substring(0, Math.min(12, r.sha256().length())));
      h.open("td").time(r.createdAt()).close("td").close("tr");
    }
    h.raw("</table>");
    h.el("p", page.count() + " release(s)", "class", "muted");
    return Layout.page("Releases", "/releases", s, h);
  }

  String keys(WebSessions.SignIn s, String created) {
    requireAdmin(s);
    Html h = new Html();
    if (created != null) {
      h.raw("<div class=\"notice\" id=\"new-key\"><p>The new key, shown once:</p>");
      h.el("code", created).raw("</div>");
    }
    h.raw("<form method=\"post\" action=\"/keys\" class=\"filters\">");
    h.hidden("csrf", s.csrf());
    h.raw("<label>name <input name=\"name\" required maxlength=\"64\"></label>");
    for (Role r : Role.values()) {
      h.raw("<label class=\"check\">");
      h.open(
          "input",
          "type",
          "checkbox",
          "name",
          "role",
          "value",
          r.wire(),
          r == Role.ADMIN ? "data-role" : "checked",
          "");
      h.text(r.wire()).raw("</label>");
    }
    h.raw("<button type=\"submit\">Create key</button></form>");
    h.raw("<table id=\"keys\"><tr><th>agent</th><th>prefix</th><th>roles</th><th>created</th>");
    h.raw("<th>revoked</th><th></th></tr>");
    List<ApiKeyInfo> keys = d.keys().list();
    for (ApiKeyInfo k : keys) {
      h.open("tr").el("td", k.agent()).el("td", k.prefix()).el("td", String.join(", ", k.roles()));
      h.open("td").time(k.createdAt()).close("td").open("td").time(k.revokedAt()).close("td");
      h.open("td");
      if (k.revokedAt() == null) {
        h.button("/keys/" + Html.url(k.agent()) + "/revoke", s.csrf(), "Revoke", "small danger");
      }
      h.close("td").close("tr");
    }
    h.raw("</table>");
    return Layout.page("Keys", "/keys", s, h);
  }

  String createKey(HttpServletRequest req, WebSessions.SignIn s, String client) {
    requireAdmin(s);
    String name = SessionsPage.blank(req.getParameter("name"));
    var roles = EnumSet.noneOf(Role.class);
    String[] picked = req.getParameterValues("role");
    if (picked != null) {
      for (String r : picked) {
        roles.add(Role.parse(r));
      }
    }
    if (roles.isEmpty()) {
      throw new InvalidInputException("pick at least one role");
    }
    String key;
    try {
      key = d.keys().create(name, roles);
    } catch (RuntimeException e) {
      d.audit().record(s.agent(), "create_key", name, "error: " + e.getMessage(), client);
      throw e;
    }
    d.audit().record(s.agent(), "create_key", name, "ok", client);
    return keys(s, key);
  }

  String revokeKey(String agentName, WebSessions.SignIn s, String client) {
    requireAdmin(s);
    int n = d.keys().revoke(agentName);
    d.audit()
        .record(s.agent(), "revoke_key", agentName, n > 0 ? "ok" : "error: no live key", client);
    return "/keys";
  }

  String audit(HttpServletRequest req, WebSessions.SignIn s) {
    var a = s.agent();
    String action = SessionsPage.blank(req.getParameter("action"));
    String agent = a.isAdmin() ? SessionsPage.blank(req.getParameter("agent")) : a.name();
    boolean failed = req.getParameter("failed") != null;
    List<AuditEntry> entries =
        d.audit().list(new AuditFilter(agent, action, null, null, failed, 200));
    Html h = new Html();
    h.raw("<form method=\"get\" action=\"/audit\" class=\"filters\">");
    if (a.isAdmin()) {
      h.raw("<label>agent ");
      h.open("input", "name", "agent", "value", agent == null ? "" : agent, "maxlength", "64");
      h.raw("</label>");
    }
    h.raw("<label>action ");
    h.open("input", "name", "action", "value", action == null ? "" : action, "maxlength", "64");
    h.raw("</label><label class=\"check\">");
    h.open("input", "type", "checkbox", "name", "failed", failed ? "checked" : "data-x", "");
    h.raw("failed only</label><button type=\"submit\">Filter</button></form>");
    h.raw("<table id=\"audit\"><tr><th>at</th><th>agent</th><th>action</th><th>target</th>");
    h.raw("<th>outcome</th><th>client</th></tr>");
    for (AuditEntry e : entries) {
      h.open("tr").open("td").time(e.at()).close("td").el("td", e.agent()).el("td", e.action());
      h.el("td", e.target()).el("td", e.outcome()).el("td", e.client()).close("tr");
    }
    h.raw("</table>");
    return Layout.page("Audit", "/audit", s, h);
  }

  private static void requireAdmin(WebSessions.SignIn s) {
    if (!s.agent().isAdmin()) {
      throw new ForbiddenException("only an admin key may manage keys");
    }
  }
}
