package dev.synapse.mcp.server;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * DNS-rebinding protection: which {@code Host} and {@code Origin} headers may reach the API.
 * Loopback names are always allowed; more come from configuration ({@code *} allows any host).
 */
final class OriginPolicy {
  private final List<String> extraHosts;
  private final List<String> extraOrigins;

  OriginPolicy(List<String> extraHosts, List<String> extraOrigins) {
    this.extraHosts = extraHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    this.extraOrigins = extraOrigins;
  }

  boolean hostAllowed(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String name = stripPort(hostHeader.trim().toLowerCase(Locale.ROOT));
    return isLoopbackName(name) || extraHosts.contains("*") || extraHosts.contains(name);
  }

  /** A missing Origin (non-browser clients) is fine; a present one must name an allowed host. */
  boolean originAllowed(String origin) {
    if (origin == null) {
      return true;
    }
    if (extraOrigins.contains(origin)) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      return host != null
          && ("http".equals(scheme) || "https".equals(scheme))
          && (isLoopbackName(host.toLowerCase(Locale.ROOT)) || extraHosts.contains(host));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isLoopbackName(String name) {
    return name.equals("localhost")
        || name.equals("127.0.0.1")
        || name.equals("[::1]")
        || name.equals("::1");
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
