package dev.synapse.mcp.web;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.sessions.Session;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Version, database, executors and Ray, counts, recent failures. */
final class OverviewPage {
  private final Dashboard d;

  OverviewPage(Dashboard d) {
    this.d = d;
  }

  String render(WebSessions.SignIn s) {
    Agent a = s.agent();
    Html h = new Html();
    h.raw("<section class=\"cards\">");
    card(h, "Version", d.version());
    String db =
        "schema v" + d.db().schemaVersion() + (d.db().healthy() ? ", healthy" : ", FAILING");
    card(h, "Database", a.isAdmin() ? d.db().file().getFileName() + ": " + db : db);
    h.raw("</section><h2>Executors</h2><table id=\"executors\"><tr><th>mode</th><th>state</th>");
    h.raw("<th>details</th></tr>");
    for (var e : d.executors().get().entrySet()) {
      Map<?, ?> m = e.getValue() instanceof Map<?, ?> mm ? mm : Map.of();
      boolean up = Boolean.TRUE.equals(m.get("available"));
      h.open("tr").el("td", e.getKey());
      h.el("td", up ? "available" : "unavailable", "class", up ? "ok" : "bad");
      var rest = new TreeMap<String, Object>();
      m.forEach((k, v) -> rest.put(String.valueOf(k), v));
      rest.remove("available");
      h.el("td", rest.isEmpty() ? "" : rest.toString()).close("tr");
    }
    h.raw("</table><h2>Counts</h2><section class=\"cards\" id=\"counts\">");
    if (a.isAdmin()) {
      d.sessions().countByStatus().forEach((st, n) -> card(h, "sessions " + st, n));
      var runs = new TreeMap<String, Long>();
      d.runs().countByStatusAndMode().forEach((k, n) -> runs.merge(k.split("\t")[0], n, Long::sum));
      runs.forEach((st, n) -> card(h, "runs " + st, n));
    } else {
      List<Session> mine = d.sessions().list(a, null, null, 500, null);
      var bySt = new TreeMap<String, Long>();
      mine.forEach(x -> bySt.merge(x.status().wire(), 1L, Long::sum));
      bySt.forEach((st, n) -> card(h, "sessions " + st, n));
      var runs = new TreeMap<String, Long>();
      d.runs()
          .list(a, null, null, null, 500, null)
          .forEach(r -> runs.merge(r.status().wire(), 1L, Long::sum));
      runs.forEach((st, n) -> card(h, "runs " + st, n));
    }
    h.raw("</section><h2>Recent failures</h2>");
    List<Run> failed = d.runs().list(a, null, "failed", null, 5, a.isAdmin() ? "*" : null);
    if (failed.isEmpty()) {
      h.el("p", "No failed runs.", "class", "muted");
    } else {
      h.raw("<table><tr><th>run</th><th>agent</th><th>plugin</th><th>error</th><th>at</th></tr>");
      for (Run r : failed) {
        h.open("tr")
            .open("td")
            .link("/runs/" + r.id(), r.id().substring(0, Math.min(12, r.id().length())))
            .close("td");
        h.el("td", r.agent()).el("td", r.plugin() + " " + r.action()).el("td", r.error());
        h.open("td").time(r.finishedAt()).close("td").close("tr");
      }
      h.raw("</table>");
    }
    return Layout.page("Overview", "/", s, h);
  }

  private static void card(Html h, String label, Object value) {
    h.raw("<div class=\"card\">").el("div", label, "class", "label");
    h.el("div", value, "class", "value").raw("</div>");
  }
}
