package dev.synapse.mcp.sessions;

import java.util.function.Function;

/**
 * Where sessions, claims and spawns are kept. A unit of work sees one consistent {@link SessionTx};
 * a write unit commits as a whole or not at all. Implementations: SQLite (the embedded default);
 * the interface is all a server database needs to implement.
 */
public interface SessionStore {
  /** Runs read-only work. */
  <T> T read(Function<SessionTx, T> work);

  /** Runs work in one write transaction. */
  <T> T write(Function<SessionTx, T> work);
}
