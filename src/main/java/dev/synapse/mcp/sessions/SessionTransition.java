package dev.synapse.mcp.sessions;

/**
 * One state change of a session: the operation and, for a close, why ({@code null}: closed by a
 * call, no reason recorded). Checked against {@link SessionStatus#after} before it is written.
 */
public record SessionTransition(SessionStatus.Op op, String reason) {
  public static SessionTransition heartbeat() {
    return new SessionTransition(SessionStatus.Op.HEARTBEAT, null);
  }

  public static SessionTransition close(String reason) {
    return new SessionTransition(SessionStatus.Op.CLOSE, reason);
  }

  public static SessionTransition reopen() {
    return new SessionTransition(SessionStatus.Op.REOPEN, null);
  }
}
