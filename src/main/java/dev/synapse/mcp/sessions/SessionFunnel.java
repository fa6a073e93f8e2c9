package dev.synapse.mcp.sessions;

import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.NotFoundException;
import java.time.Clock;
import java.util.Optional;

/**
 * The one way a single session changes state: read the row and its version, check the move against
 * {@link SessionStatus#after}, write it only if the version is unchanged. A lost race is re-read
 * and re-checked (the move may have become illegal, or unnecessary); after {@link #ATTEMPTS} lost
 * races in a row the caller gets a conflict to retry.
 */
final class SessionFunnel {
  static final int ATTEMPTS = 8;

  private final SessionStore store;
  private final Clock clock;

  SessionFunnel(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Optimistic: reads without holding the writer, writes only if nobody wrote in between. {@code
   * owner} null lets an admin change anyone's session.
   */
  Session change(String id, Long owner, SessionTransition t) {
    for (int attempt = 1; ; attempt++) {
      long now = clock.millis();
      Seen seen =
          store
              .read(
                  tx ->
                      tx.version(id).flatMap(v -> tx.find(id, owner, now).map(s -> new Seen(s, v))))
              .orElseThrow(() -> new NotFoundException("session " + id + " not found"));
      seen.session().status().after(t.op(), id);
      if (t.op() == SessionStatus.Op.CLOSE && seen.session().status() == SessionStatus.CLOSED) {
        return seen.session();
      }
      Optional<Session> after =
          store.write(
              tx ->
                  tx.transition(id, seen.version(), t, now)
                      ? tx.find(id, null, now)
                      : Optional.<Session>empty());
      if (after.isPresent()) {
        return after.get();
      }
      if (attempt == ATTEMPTS) {
        throw lostRace(id);
      }
    }
  }

  /**
   * Inside a write unit the hooks run (claims): applies {@code t} unless the session is closed
   * (closing or heartbeating a closed session is nothing to do there). Returns whether it wrote.
   */
  static boolean inside(SessionTx tx, String id, SessionTransition t, long now) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Optional<Long> version = tx.version(id);
      Optional<Session> current = tx.find(id, null, now);
      if (version.isEmpty() || current.isEmpty()) {
        return false;
      }
      if (current.get().status() == SessionStatus.CLOSED) {
        return false;
      }
      current.get().status().after(t.op(), id);
      if (tx.transition(id, version.get(), t, now)) {
        return true;
      }
    }
    throw lostRace(id);
  }

  private static ConflictException lostRace(String id) {
    return new ConflictException(
        "session " + id + " kept changing under concurrent writers; try the call again");
  }

  private record Seen(Session session, long version) {}
}
