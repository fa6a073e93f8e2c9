package dev.synapse.mcp.server;

import dev.synapse.mcp.errors.InvalidInputException;
import java.util.Map;

/**
 * How much one client may hold of the server: socket timeouts, the deadline for a whole request
 * body, open connections per address, and long calls (tool calls that wait for a run) per key and
 * in total. Read from {@code SYNAPSE_*} variables; every value must be positive.
 */
public record TransportLimits(
    int requestParseTimeoutMs,
    int readTimeoutMs,
    int writeTimeoutMs,
    int idleTimeoutMs,
    int noRequestTimeoutMs,
    int bodyDeadlineMs,
    int connectionsPerAddress,
    int longCallsPerKey,
    int longCallsTotal) {

  public TransportLimits {
    int[] all = {
      requestParseTimeoutMs,
      readTimeoutMs,
      writeTimeoutMs,
      idleTimeoutMs,
      noRequestTimeoutMs,
      bodyDeadlineMs,
      connectionsPerAddress,
      longCallsPerKey,
      longCallsTotal
    };
    for (int v : all) {
      if (v < 1) {
        throw new InvalidInputException("transport limits must be positive; got " + v);
      }
    }
  }

  /** Defaults sized for a team on one server; {@code workers} bounds the long calls in total. */
  static TransportLimits from(Map<String, String> env, int workers) {
    return new TransportLimits(
        seconds(env, "SYNAPSE_REQUEST_PARSE_TIMEOUT_S", 10),
        seconds(env, "SYNAPSE_READ_TIMEOUT_S", 30),
        seconds(env, "SYNAPSE_WRITE_TIMEOUT_S", 60),
        seconds(env, "SYNAPSE_IDLE_TIMEOUT_S", 300),
        seconds(env, "SYNAPSE_KEEPALIVE_TIMEOUT_S", 60),
        seconds(env, "SYNAPSE_BODY_DEADLINE_S", 30),
        number(env, "SYNAPSE_MAX_CONNECTIONS_PER_ADDRESS", 128),
        number(env, "SYNAPSE_LONG_CALLS_PER_KEY", 8),
        number(env, "SYNAPSE_LONG_CALLS_TOTAL", Math.max(1, workers / 2)));
  }

  private static int seconds(Map<String, String> env, String name, int fallback) {
    long s = number(env, name, fallback);
    if (s > 86_400) {
      throw new InvalidInputException(name + " must be between 1 and 86400 seconds; got " + s);
    }
    return (int) s * 1000;
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(text.trim());
      if (v < 1) {
        throw new InvalidInputException(name + " must be at least 1; got " + text.trim());
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidInputException(name + " must be a whole number; got '" + text.trim() + "'");
    }
  }
}
