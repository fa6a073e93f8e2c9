package dev.synapse.mcp.web;

import dev.synapse.mcp.errors.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's and /metrics' settings. {@code SYNAPSE_METRICS}: {@code loopback} (default: open
 * to clients on the loopback address, a key with the admin role from anywhere else), {@code key}
 * (an admin key always), {@code open} (anyone who can reach the port), {@code off} (404). {@code
 * SYNAPSE_WEB_SESSION_MINUTES}: how long a dashboard sign-in lasts without use (default 480).
 */
public record WebSettings(MetricsAccess metrics, Duration sessionIdle) {

  /** Who may read /metrics. */
  public enum MetricsAccess {
    LOOPBACK,
    KEY,
    OPEN,
    OFF
  }

  public static WebSettings from(Map<String, String> env) {
    String access = env.getOrDefault("SYNAPSE_METRICS", "loopback").trim();
    MetricsAccess m;
    try {
      m = MetricsAccess.valueOf(access.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "SYNAPSE_METRICS must be loopback, key, open or off; got '" + clip(access) + "'");
    }
    String minutes = env.getOrDefault("SYNAPSE_WEB_SESSION_MINUTES", "480").trim();
    long idle;
    try {
      idle = Long.parseLong(minutes);
    } catch (NumberFormatException e) {
      idle = -1;
    }
    if (idle < 1 || idle > 10_080) {
      throw new InvalidInputException(
          "SYNAPSE_WEB_SESSION_MINUTES must be 1-10080; got '" + clip(minutes) + "'");
    }
    return new WebSettings(m, Duration.ofMinutes(idle));
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
