package dev.synapse.mcp.sessions;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Agent sessions: create, read, and the three transitions, each checked against the state machine.
 */
public final class SessionService {
  public static final int MAX_NAME = 200;
  public static final int MAX_DESCRIPTION = 4000;
  public static final int MAX_LIMIT = 500;

  /** The latest {@code expires_at} accepted: far enough for any session, far below overflow. */
  public static final Instant MAX_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Control and format characters (bidi overrides like U+202E, zero-width ones): never in a name.
   */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}]");

  private final SessionStore store;
  private final SessionFunnel funnel;
  private final Clock clock;

  public SessionService(SessionStore store, Clock clock) {
    this.store = store;
    this.funnel = new SessionFunnel(store, clock);
    this.clock = clock;
  }

  public Session create(Agent agent, String name, String description, String expiresAt) {
    agent.require(Role.SESSION);
    String cleanName = checkName(name);
    if (description != null && description.length() > MAX_DESCRIPTION) {
      throw new InvalidInputException(
          "description is " + description.length() + " characters; at most " + MAX_DESCRIPTION);
    }
    long now = clock.millis();
    Long expires = parseExpiry(expiresAt, now);
    String id = UUID.randomUUID().toString();
    var row = new NewSession(id, agent.id(), cleanName, description, expires);
    return store.write(
        tx -> {
          tx.insert(row, now);
          return tx.find(id, null, now).orElseThrow();
        });
  }

  public Session get(Agent agent, String sessionId) {
    agent.require(Role.SESSION);
    String id = checkId(sessionId);
    long now = clock.millis();
    return store.read(tx -> tx.find(id, owner(agent), now)).orElseThrow(() -> notFound(id));
  }

  /**
   * Sessions of the calling agent, newest first. {@code agentName} "*" lets an admin see every
   * agent's; another name, that agent's.
   */
  public List<Session> list(
      Agent agent, String status, String name, Integer limit, String agentName) {
    agent.require(Role.SESSION);
    SessionStatus filter = status == null ? null : SessionStatus.parseFilter(status);
    boolean openOnly = "open".equals(status);
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > MAX_LIMIT) {
      throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + "; got " + max);
    }
    Long scope = scope(agent, agentName);
    String cleanName = name == null ? null : checkName(name);
    long now = clock.millis();
    var query = new SessionQuery(scope, filter, openOnly, cleanName, max);
    return store.read(tx -> tx.list(query, now));
  }

  /** Every agent's sessions by status, for /metrics (the caller decides who may see it). */
  public java.util.Map<String, Long> countByStatus() {
    long now = clock.millis();
    return store.read(tx -> tx.countByStatus(now));
  }

  public Session heartbeat(Agent agent, String sessionId) {
    return transition(agent, sessionId, SessionTransition.heartbeat());
  }

  public Session close(Agent agent, String sessionId) {
    return transition(agent, sessionId, SessionTransition.close(null));
  }

  public Session reopen(Agent agent, String sessionId) {
    return transition(agent, sessionId, SessionTransition.reopen());
  }

  private Session transition(Agent agent, String sessionId, SessionTransition t) {
    agent.require(Role.SESSION);
    return funnel.change(checkId(sessionId), owner(agent), t);
  }

  private Long scope(Agent agent, String agentName) {
    if (agentName == null || agentName.equals(agent.name())) {
      return agent.id();
    }
    agent.require(Role.ADMIN);
    if ("*".equals(agentName)) {
      return null;
    }
    return store
        .read(tx -> tx.agentNamed(agentName))
        .orElseThrow(() -> new NotFoundException("agent '" + agentName + "' not found"));
  }

  private static Long owner(Agent agent) {
    return agent.isAdmin() ? null : agent.id();
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("session " + id + " not found");
  }

  static String checkId(String sessionId) {
    if (sessionId == null || sessionId.isBlank()) {
      throw new InvalidInputException("session_id is required");
    }
    if (!UUID_TEXT.matcher(sessionId).matches()) {
      throw new InvalidInputException(
          "session_id '" + abbreviate(sessionId) + "' is not a UUID (like 3f2b…-…)");
    }
    return sessionId.toLowerCase(java.util.Locale.ROOT);
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("name is required and must not be blank");
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_NAME) {
      throw new InvalidInputException(
          "name is " + trimmed.length() + " characters; at most " + MAX_NAME);
    }
    if (CONTROL.matcher(trimmed).find()) {
      throw new InvalidInputException(
          "name must not contain control or format characters (such as U+202E); got one at "
              + (CONTROL.matcher(trimmed).results().findFirst().orElseThrow().start() + 1));
    }
    return trimmed;
  }

  private static Long parseExpiry(String expiresAt, long now) {
    if (expiresAt == null || expiresAt.isBlank()) {
      return null;
    }
    try {
      Instant at = Instant.parse(expiresAt);
      if (at.isAfter(MAX_EXPIRY)) {
        throw new InvalidInputException(
            "expires_at " + abbreviate(expiresAt) + " is after the latest allowed, " + MAX_EXPIRY);
      }
      long ms = at.toEpochMilli();
      if (ms <= now) {
        throw new InvalidInputException("expires_at " + expiresAt + " is not in the future");
      }
      return ms;
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "expires_at must be an ISO-8601 UTC time like 2026-01-31T12:00:00Z; got '"
              + abbreviate(expiresAt)
              + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
