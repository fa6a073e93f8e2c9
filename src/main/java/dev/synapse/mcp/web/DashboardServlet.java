package dev.synapse.mcp.web;

import dev.synapse.mcp.errors.RequestException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard at {@code /}: sign-in, pages, their POST actions, static files and the event
 * stream. Every answer carries a strict CSP; every POST needs the sign-in's CSRF token and an
 * allowed Origin.
 */
public final class DashboardServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.web");
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private final Dashboard d;
  private final WebSessions sessions;
  private final Pages pages;
  private final EventStream events;

  public DashboardServlet(Dashboard d, Clock clock) {
    this.d = d;
    this.sessions = new WebSessions(d.keys(), clock, d.settings().sessionIdle());
    this.pages = new Pages(d);
    this.events = new EventStream(d, sessions::valid);
  }

  @Override
  public void destroy() {
    events.close();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on form posts
    res.setHeader("Referrer-Policy", "same-origin");
    String path = req.getRequestURI();
    String method = req.getMethod();
    if (!d.hostAllowed().test(req.getHeader("Host"))) {
      plain(res, 403, "Host is not allowed (set SYNAPSE_ALLOWED_HOSTS)");
      return;
    }
    if (path.startsWith("/static/") && method.equals("GET")) {
      asset(path.substring("/static/".length()), res);
      return;
    }
    res.setHeader("Cache-Control", "no-store");
    boolean post = method.equals("POST");
    if (!post && !method.equals("GET")) {
      res.setHeader("Allow", "GET, POST");
      plain(res, 405, "method not allowed");
      return;
    }
    if (path.equals("/favicon.ico") || path.startsWith("/api/")) {
      plain(res, 404, "not found");
      return;
    }
    if (post && !sameOrigin(req)) {
      plain(res, 403, "Origin is not allowed");
      return;
    }
    if (path.equals("/login")) {
      login(req, res, post);
      return;
    }
    Optional<WebSessions.SignIn> who = sessions.find(cookie(req));
    if (who.isEmpty()) {
      if (post || path.equals("/events")) {
        plain(res, 401, "not signed in");
      } else {
        res.setStatus(303);
        res.setHeader("Location", "/login");
      }
      return;
    }
    var s = who.get();
    if (post && !WebSessions.csrfMatches(s, req.getParameter("csrf"))) {
      LOG.warn("refused a dashboard POST to {} without a valid CSRF token", path);
      plain(res, 403, "missing or wrong CSRF token: reload the page and try again");
      return;
    }
    if (post && path.equals("/logout")) {
      sessions.signOut(s.token());
      res.addHeader("Set-Cookie", cookieHeader(req, "", 0));
      res.setStatus(303);
      res.setHeader("Location", "/login");
      return;
    }
    if (path.equals("/events") && !post) {
      events.open(req, res, s.agent(), s.token());
      return;
    }
    try {
      Pages.Result r = post ? pages.post(path, req, s) : pages.get(path, req, s);
      if (r.redirect() != null) {
        res.setStatus(303);
        res.setHeader("Location", r.redirect());
      } else {
        html(res, r.status(), r.html());
      }
    } catch (RequestException e) {
      html(res, e.kind().httpStatus, pages.error(s, e.getMessage()));
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("dashboard {} {} failed (ref {})", method, path, ref, e);
      html(res, 500, pages.error(s, "internal error (ref " + ref + "); the server log has it"));
    }
  }

  private void login(HttpServletRequest req, HttpServletResponse res, boolean post)
      throws IOException {
    if (!post) {
      html(res, 200, Layout.login(null));
      return;
    }
    var signIn = sessions.signIn(req.getParameter("key"));
    if (signIn.isEmpty()) {
      html(res, 401, Layout.login("that key is not valid (or was revoked)"));
      return;
    }
    res.addHeader("Set-Cookie", cookieHeader(req, signIn.get().token(), sessions.idleSeconds()));
    res.setStatus(303);
    res.setHeader("Location", "/");
  }

  /** A browser's POST must come from this very origin (or an allowed one); others send none. */
  private boolean sameOrigin(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String self = (req.isSecure() ? "https://" : "http://") + req.getHeader("Host");
    return origin.equalsIgnoreCase(self) || d.originAllowed().test(origin);
  }

  private static String cookieHeader(HttpServletRequest req, String value, long maxAge) {
    return WebSessions.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite=Strict"
        + (req.isSecure() ? "; Secure" : "");
  }

  private static String cookie(HttpServletRequest req) {
    if (req.getCookies() == null) {
      return null;
    }
    for (var c : req.getCookies()) {
      if (c.getName().equals(WebSessions.COOKIE)) {
        return c.getValue();
      }
    }
    return null;
  }

  private void asset(String name, HttpServletResponse res) throws IOException {
    String type =
        name.equals("dash.js")
            ? "text/javascript; charset=utf-8"
            : name.equals("dash.css") ? "text/css; charset=utf-8" : null;
    InputStream in = type == null ? null : getClass().getResourceAsStream("/web/" + name);
    if (in == null) {
      plain(res, 404, "not found");
      return;
    }
    try (in) {
      byte[] body = in.readAllBytes();
      res.setStatus(200);
      res.setContentType(type);
      res.setHeader("Cache-Control", "max-age=300");
      res.setContentLength(body.length);
      res.getOutputStream().write(body);
    }
  }

  private static void html(HttpServletResponse res, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("text/html; charset=utf-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private static void plain(HttpServletResponse res, int status, String message)
      throws IOException {
    byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType("text/plain; charset=utf-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
