package dev.synapse.mcp.sessions;

import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import java.time.Duration;
import java.util.Locale;

/**
 * A session's state machine. Only {@code ACTIVE} and {@code CLOSED} are stored; {@code INACTIVE} is
 * what an active session reads as after an hour without a heartbeat, so it is never wrong when read
 * and needs no sweeper.
 */
public enum SessionStatus {
  ACTIVE,
  INACTIVE,
  CLOSED;

  public static final Duration IDLE_LIMIT = Duration.ofHours(1);

  /** What may be done to a session. */
  public enum Op {
    HEARTBEAT,
    CLOSE,
    REOPEN
  }

  /** The transition table: the one place that refuses an illegal move. */
  public SessionStatus after(Op op, String sessionId) {
    return switch (op) {
      case HEARTBEAT -> {
        if (this == CLOSED) {
          throw new ConflictException(
              "session " + sessionId + " is closed; call reopen_session to use it again");
        }
        yield ACTIVE;
      }
      case CLOSE -> CLOSED;
      case REOPEN -> ACTIVE;
    };
  }

  /** The status a stored row reads as at {@code nowMs}. */
  public static SessionStatus effective(
      String stored, long lastActiveMs, Long expiresMs, long nowMs) {
    if ("closed".equals(stored) || (expiresMs != null && expiresMs <= nowMs)) {
      return CLOSED;
    }
    return nowMs - lastActiveMs >= IDLE_LIMIT.toMillis() ? INACTIVE : ACTIVE;
  }

  @com.fasterxml.jackson.annotation.JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a status filter; {@code open} (active or inactive) is returned as null. */
  public static SessionStatus parseFilter(String text) {
    if ("open".equals(text)) {
      return null;
    }
    for (SessionStatus s : values()) {
      if (s.wire().equals(text)) {
        return s;
      }
    }
    throw new InvalidInputException(
        "status must be one of active, inactive, closed, open; got '" + text + "'");
  }
}
