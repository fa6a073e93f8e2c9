package dev.synapse.mcp.sessions;

import java.util.List;
import java.util.Optional;

/**
 * Which session an agent gets when it claims one: the pure rule, decided from what the store holds,
 * so every branch is tested without a database.
 *
 * <ol>
 *   <li>The agent's own session (same owner, Claude Code session and agent id): reused while
 *       active, revived when inactive, reopened when closed (a resumed sub-agent).
 *   <li>Else, with a name: the newest open session of that name, unless another live agent holds it
 *       (then a new session, the name suffixed with this agent's short id); else the newest closed
 *       one of that name, reopened and taken over.
 *   <li>Else a new session.
 * </ol>
 */
public final class ClaimRules {
  private ClaimRules() {}

  /** A stored session as the rule sees it. */
  public record Held(String id, SessionStatus status, String ccSessionId, String ccAgentId) {}

  /** What to do; {@code id} is null only for {@link Action#CREATED}. */
  record Decision(Action action, String id, String name) {}

  /** The four outcomes of a claim. */
  enum Action {
    REUSED,
    REVIVED,
    REOPENED,
    CREATED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * @param own the caller's own session, if it has one
   * @param sameName sessions of the same owner and name, newest first
   */
  static Decision decide(
      Optional<Held> own, List<Held> sameName, String name, String ccSessionId, String ccAgentId) {
    if (own.isPresent()) {
      return onto(own.get(), name);
    }
    Held open = null;
    Held closed = null;
    for (Held h : sameName) {
      if (h.status() == SessionStatus.CLOSED) {
        closed = closed == null ? h : closed;
      } else if (open == null) {
        open = h;
      }
    }
    if (open != null) {
      boolean heldByOther =
          open.status() == SessionStatus.ACTIVE
              && open.ccAgentId() != null
              && !(open.ccAgentId().equals(ccAgentId) && open.ccSessionId().equals(ccSessionId));
      if (!heldByOther) {
        return onto(open, name);
      }
      return new Decision(Action.CREATED, null, name + "-" + shortId(ccAgentId));
    }
    if (closed != null) {
      return onto(closed, name);
    }
    return new Decision(Action.CREATED, null, name);
  }

  private static Decision onto(Held h, String name) {
    Action a =
        switch (h.status()) {
          case ACTIVE -> Action.REUSED;
          case INACTIVE -> Action.REVIVED;
          case CLOSED -> Action.REOPENED;
        };
    return new Decision(a, h.id(), name);
  }

  static String shortId(String agentId) {
    if (agentId == null || agentId.isEmpty()) {
      return "lead";
    }
    return agentId.length() <= 8 ? agentId : agentId.substring(0, 8);
  }
}
