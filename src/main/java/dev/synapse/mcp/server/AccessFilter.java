package dev.synapse.mcp.server;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.mcp.ToolCatalog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of every {@code /api/*} request: Host and Origin first (403, DNS rebinding), then the
 * key (401); the agent the key names travels on as a request attribute. Logs one line per request
 * at debug.
 */
final class AccessFilter extends HttpFilter {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.http");
  private final OriginPolicy origins;
  private final KeyService keys;
  private final Agent anonymous;
  private final JsonResponses responses;

  /**
   * {@code anonymous} non-null turns authentication off (loopback-only, for the conformance suite).
   */
  AccessFilter(OriginPolicy origins, KeyService keys, Agent anonymous, JsonResponses responses) {
    this.origins = origins;
    this.keys = keys;
    this.anonymous = anonymous;
    this.responses = responses;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    try {
      if (admit(req, res)) {
        chain.doFilter(req, res);
      }
    } finally {
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "{} {} -> {} ({} ms)",
            req.getMethod(),
            req.getRequestURI(),
            res.getStatus(),
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private boolean admit(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String host = req.getHeader("Host");
    if (!origins.hostAllowed(host)) {
      refuse(
          res, 403, "forbidden", "Host '" + host + "' is not allowed (set SYNAPSE_ALLOWED_HOSTS)");
      return false;
    }
    String origin = req.getHeader("Origin");
    if (!origins.originAllowed(origin)) {
      refuse(res, 403, "forbidden", "Origin '" + origin + "' is not allowed");
      return false;
    }
    Optional<Agent> agent =
        anonymous != null ? Optional.of(anonymous) : keys.authenticate(presentedKey(req));
    if (agent.isEmpty()) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"synapse-mcp\"");
      refuse(
          res,
          401,
          "unauthorized",
          "missing or invalid API key: send Authorization: Bearer syn_...");
      return false;
    }
    req.setAttribute(ToolCatalog.AGENT, agent.get());
    return true;
  }

  /** A refused client gets no second request on this connection. */
  private void refuse(HttpServletResponse res, int status, String error, String message)
      throws IOException {
    res.setHeader("Connection", "close");
    responses.error(res, status, error, message);
  }

  /** {@code Bearer <key>}, or the bare key as existing agent clients send it. */
  private static String presentedKey(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return value.substring(7).trim();
    }
    if (value.regionMatches(true, 0, "Token ", 0, 6)) {
      return value.substring(6).trim();
    }
    return value;
  }
}
