package dev.synapse.mcp.runs;

/** Carries out runs in one execution mode. */
public interface RunExecutor extends AutoCloseable {
  /** Starts the run and returns at once; reports through {@code live} and {@code callbacks}. */
  void start(RunJob job, LiveRun live, RunCallbacks callbacks);

  /**
   * After a server restart: follows a run an earlier server started, if this mode can (its work
   * lives outside the server); false leaves the run to be marked lost.
   */
  default boolean resume(Run run, LiveRun live, RunCallbacks callbacks) {
    return false;
  }

  /**
   * On server shutdown: stop following runs that live on outside the server; no callbacks after.
   */
  @Override
  default void close() {}
}
