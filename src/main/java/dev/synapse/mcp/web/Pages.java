package dev.synapse.mcp.web;

import dev.synapse.mcp.errors.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;

/** Routes a dashboard path to its page (GET) or action (POST). */
final class Pages {
  /** A page to show, or a place to go after an action. */
  record Result(int status, String html, String redirect) {
    static Result page(String html) {
      return new Result(200, html, null);
    }

    static Result go(String where) {
      return new Result(303, null, where);
    }
  }

  private final OverviewPage overview;
  private final SessionsPage sessions;
  private final RunsPage runs;
  private final PluginsPage plugins;
  private final AdminPages admin;

  Pages(Dashboard d) {
    this.overview = new OverviewPage(d);
    this.sessions = new SessionsPage(d);
    this.runs = new RunsPage(d);
    this.plugins = new PluginsPage(d);
    this.admin = new AdminPages(d);
  }

  Result get(String path, HttpServletRequest req, WebSessions.SignIn s) {
    String[] p = parts(path);
    return switch (p.length == 0 ? "" : p[0]) {
      case "" -> Result.page(overview.render(s));
      case "sessions" -> Result.page(sessions.render(req, s));
      case "runs" -> Result.page(p.length == 2 ? runs.detail(p[1], req, s) : runs.list(req, s));
      case "plugins" -> Result.page(p.length == 2 ? plugins.detail(p[1], s) : plugins.list(s));
      case "releases" -> Result.page(admin.releases(s));
      case "keys" -> Result.page(admin.keys(s, null));
      case "audit" -> Result.page(admin.audit(req, s));
      default -> throw new NotFoundException("no page " + clip(path));
    };
  }

  Result post(String path, HttpServletRequest req, WebSessions.SignIn s) {
    String[] p = parts(path);
    String client = req.getRemoteAddr();
    if (p.length == 3 && p[0].equals("sessions")) {
      return Result.go(sessions.act(p[1], p[2], s, client));
    }
    if (p.length == 3 && p[0].equals("runs") && p[2].equals("cancel")) {
      return Result.go(runs.cancel(p[1], s, client));
    }
    if (p.length == 4 && p[0].equals("plugins") && p[3].equals("run")) {
      return Result.go(plugins.run(p[1], p[2], req, s, client));
    }
    if (p.length == 1 && p[0].equals("keys")) {
      return Result.page(admin.createKey(req, s, client));
    }
    if (p.length == 3 && p[0].equals("keys") && p[2].equals("revoke")) {
      return Result.go(admin.revokeKey(p[1], s, client));
    }
    throw new NotFoundException("no action " + clip(path));
  }

  String error(WebSessions.SignIn s, String message) {
    Html b = new Html().el("p", message, "class", "error", "id", "problem");
    return Layout.page("Problem", "", s, b);
  }

  private static String[] parts(String path) {
    String p = path.replaceAll("^/+|/+$", "");
    if (p.isEmpty()) {
      return new String[0];
    }
    String[] out = p.split("/");
    for (int i = 0; i < out.length; i++) {
      out[i] = java.net.URLDecoder.decode(out[i], java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }

  static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
