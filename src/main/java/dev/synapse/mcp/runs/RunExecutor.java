package dev.synapse.mcp.runs;

/** Carries out runs in one execution mode. */
public interface RunExecutor {
  /** Starts the run and returns at once; reports through {@code live} and {@code callbacks}. */
  void start(RunJob job, LiveRun live, RunCallbacks callbacks);
}
