package dev.synapse.mcp.server;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.mcp.ToolCatalog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds each MCP session to the agent whose key opened it: a request naming a session that another
 * agent opened (POST, GET or DELETE), or one this server never handed out, gets 404 as an unknown
 * session would, and reaches the MCP transport only when the caller owns the session.
 */
final class McpSessionOwners extends HttpFilter {
  static final String HEADER = "Mcp-Session-Id";
  private static final int PRUNE_ABOVE = 10_000;
  private static final long IDLE_MS = 24 * 3600_000L;

  private record Owner(long agentId, long lastUsedMs) {}

  private final Map<String, Owner> owners = new ConcurrentHashMap<>();

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Object who = req.getAttribute(ToolCatalog.AGENT);
    if (!(who instanceof Agent agent)) {
      chain.doFilter(req, res);
      return;
    }
    String session = req.getHeader(HEADER);
    if (session == null) {
      // a new session: remember who opened it as soon as the transport names it
      chain.doFilter(req, new Recording(res, agent.id()));
      return;
    }
    Owner owner = owners.get(session);
    if (owner == null || owner.agentId() != agent.id()) {
      notFound(res);
      return;
    }
    owners.put(session, new Owner(agent.id(), System.currentTimeMillis()));
    chain.doFilter(req, res);
    if ("DELETE".equals(req.getMethod()) && res.getStatus() < 300) {
      owners.remove(session);
    }
  }

  private void record(String session, long agentId) {
    long now = System.currentTimeMillis();
    if (owners.size() > PRUNE_ABOVE) {
      owners.values().removeIf(o -> now - o.lastUsedMs() > IDLE_MS);
    }
    owners.putIfAbsent(session, new Owner(agentId, now));
  }

  /** As the transport answers an unknown session; the JSON-RPC filter before us adds the id. */
  private static void notFound(HttpServletResponse res) throws IOException {
    res.sendError(404, "Session not found");
  }

  private final class Recording extends HttpServletResponseWrapper {
    private final long agentId;

    Recording(HttpServletResponse res, long agentId) {
      super(res);
      this.agentId = agentId;
    }

    @Override
    public void setHeader(String name, String value) {
      seen(name, value);
      super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
      seen(name, value);
      super.addHeader(name, value);
    }

    private void seen(String name, String value) {
      if (HEADER.equalsIgnoreCase(name) && value != null) {
        record(value, agentId);
      }
    }
  }
}
