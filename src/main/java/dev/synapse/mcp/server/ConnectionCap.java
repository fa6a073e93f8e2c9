package dev.synapse.mcp.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts open connections per client address from their first request until they close, so one
 * address cannot hold every socket. A connection still sending its headers is bounded by the
 * request-parse timeout instead.
 */
final class ConnectionCap {
  private static final AttachmentKey<Boolean> ADMITTED = AttachmentKey.create(Boolean.class);
  private final int perAddress;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

  ConnectionCap(int perAddress) {
    this.perAddress = perAddress;
  }

  /** False when this request opened a connection beyond the address's cap. */
  boolean admit(HttpServerExchange exchange) {
    ServerConnection connection = exchange.getConnection();
    Boolean admitted = connection.getAttachment(ADMITTED);
    if (admitted != null) {
      return admitted;
    }
    InetSocketAddress peer = exchange.getSourceAddress();
    InetAddress address = peer == null ? null : peer.getAddress();
    if (address == null) {
      connection.putAttachment(ADMITTED, true);
      return true;
    }
    int count = open.merge(address, 1, Integer::sum);
    connection.addCloseListener(
        c -> open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1));
    boolean ok = count <= perAddress;
    connection.putAttachment(ADMITTED, ok);
    return ok;
  }

  int perAddress() {
    return perAddress;
  }
}
