package dev.synapse.mcp.web;

/** The page around every page: head, navigation, the signed-in agent and sign-out. */
final class Layout {
  private static final String[][] NAV = {
    {"/", "Overview"},
    {"/sessions", "Sessions"},
    {"/runs", "Runs"},
    {"/plugins", "Plugins"},
    {"/releases", "Releases"},
    {"/keys", "Keys"},
    {"/audit", "Audit"}
  };

  private Layout() {}

  static String page(String title, String nav, WebSessions.SignIn s, Html body) {
    Html h = head(title);
    h.raw("<body><header><nav><span class=\"brand\">synapse-mcp</span>");
    for (String[] item : NAV) {
      if (item[0].equals("/keys") && !s.agent().isAdmin()) {
        continue;
      }
      h.open("a", "href", item[0], "class", item[0].equals(nav) ? "on" : "").text(item[1]);
      h.close("a");
    }
    h.raw("</nav><div class=\"who\">");
    h.el("span", s.agent().name() + (s.agent().isAdmin() ? " (admin)" : ""), "id", "who");
    h.button("/logout", s.csrf(), "Sign out", "link");
    h.raw("</div></header><main>");
    h.el("h1", title);
    h.raw(body.toString());
    h.raw("</main></body></html>");
    return h.toString();
  }

  static String login(String problem) {
    Html h = head("Sign in");
    h.raw("<body class=\"login\"><main><h1>synapse-mcp</h1>");
    if (problem != null) {
      h.el("p", problem, "class", "error", "id", "problem");
    }
    h.raw("<form method=\"post\" action=\"/login\" autocomplete=\"off\">");
    h.raw("<label for=\"key\">API key</label>");
    h.raw("<input type=\"password\" id=\"key\" name=\"key\" required autofocus");
    h.raw(" placeholder=\"syn_...\" maxlength=\"200\">");
    h.raw("<button type=\"submit\">Sign in</button></form>");
    h.raw("<p class=\"hint\">The key stays on the server; the browser holds only a sign-in");
    h.raw(" cookie.</p></main></body></html>");
    return h.toString();
  }

  private static Html head(String title) {
    Html h = new Html();
    h.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.el("title", title + " · synapse-mcp");
    h.raw("<link rel=\"stylesheet\" href=\"/static/dash.css\">");
    h.raw("<script src=\"/static/dash.js\" defer></script></head>");
    return h;
  }
}
