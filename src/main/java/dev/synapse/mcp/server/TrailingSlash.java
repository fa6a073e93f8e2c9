package dev.synapse.mcp.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Tolerates a trailing slash on every route ({@code GET /api/health/}, as the SDK's AgentClient
 * sends it): the path is read without it before any servlet sees the request.
 */
final class TrailingSlash implements HttpHandler {
  private final HttpHandler next;

  TrailingSlash(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    if (path.length() > 1 && path.endsWith("/")) {
      String trimmed = path.replaceAll("/+$", "");
      String bare = trimmed.isEmpty() ? "/" : trimmed;
      exchange.setRequestPath(bare);
      exchange.setRelativePath(bare);
      exchange.setRequestURI(bare);
    }
    next.handleRequest(exchange);
  }
}
