package dev.synapse.mcp.web;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.metrics.Metrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Predicate;

/** {@code GET /metrics}: the Prometheus text format, for whom {@link WebSettings} allows. */
public final class MetricsServlet extends HttpServlet {
  private final Metrics metrics;
  private final KeyService keys;
  private final WebSettings.MetricsAccess access;
  private final Predicate<String> hostAllowed;

  public MetricsServlet(
      Metrics metrics,
      KeyService keys,
      WebSettings.MetricsAccess access,
      Predicate<String> hostAllowed) {
    this.metrics = metrics;
    this.keys = keys;
    this.access = access;
    this.hostAllowed = hostAllowed;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (access == WebSettings.MetricsAccess.OFF) {
      plain(res, 404, "metrics are off (SYNAPSE_METRICS=off)");
      return;
    }
    if (!hostAllowed.test(req.getHeader("Host"))) {
      plain(res, 403, "Host is not allowed (set SYNAPSE_ALLOWED_HOSTS)");
      return;
    }
    boolean open =
        access == WebSettings.MetricsAccess.OPEN
            || (access == WebSettings.MetricsAccess.LOOPBACK && loopback(req.getRemoteAddr()));
    if (!open) {
      Optional<Agent> agent = keys.authenticate(bearer(req.getHeader("Authorization")));
      if (agent.isEmpty()) {
        res.setHeader("WWW-Authenticate", "Bearer realm=\"synapse-mcp\"");
        plain(res, 401, "metrics need a key with the admin role: Authorization: Bearer syn_...");
        return;
      }
      if (!agent.get().isAdmin()) {
        plain(res, 403, "metrics need a key with the admin role");
        return;
      }
    }
    byte[] body = metrics.scrape();
    res.setStatus(200);
    res.setContentType(metrics.contentType());
    res.setHeader("Cache-Control", "no-store");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  static boolean loopback(String address) {
    try {
      // a literal address: no name lookup happens
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : v;
  }

  private static void plain(HttpServletResponse res, int status, String message)
      throws IOException {
    res.setStatus(status);
    res.setHeader("Connection", "close");
    res.setContentType("text/plain; charset=utf-8");
    res.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
