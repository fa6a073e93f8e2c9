package dev.synapse.mcp.store;

/**
 * Tells every server instance on one database, promptly, that something about a run changed, so a
 * {@code wait_run} on one instance returns when the run ends on another, and a {@code cancel_run}
 * on one instance reaches the instance that executes the run. The store holds the truth; a signal
 * only says "read it again now". Implementations: in-process (one instance, SQLite) and PostgreSQL
 * {@code LISTEN/NOTIFY}.
 */
public interface RunSignals extends AutoCloseable {

  /** What changed. */
  enum Kind {
    /** The run reached an end state (read its row for which). */
    ENDED,
    /** Someone asked for the run to be cancelled; its executing instance should stop it. */
    CANCEL,
    /** The run's progress or status changed without ending. */
    CHANGED
  }

  /** Hears signals from every instance, this one included. Called on a signal thread: be quick. */
  @FunctionalInterface
  interface Listener {
    void signal(String runId, Kind kind);
  }

  /** Ends a subscription. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Sends a signal to every instance; never throws for a delivery problem (it is logged). */
  void publish(String runId, Kind kind);

  /** Starts hearing signals until the returned subscription is closed. */
  Subscription subscribe(Listener listener);

  @Override
  void close();
}
