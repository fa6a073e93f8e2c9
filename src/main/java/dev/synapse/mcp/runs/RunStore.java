package dev.synapse.mcp.runs;

import java.util.List;
import java.util.Optional;

/**
 * Where runs and their history are kept. Every status change is {@link #transition}: written only
 * if the row is still at the version the caller read, with one history row. {@link RunFunnel} is
 * the one caller. Times are epoch milliseconds.
 */
public interface RunStore {
  /** Records a new run in {@code status} (queued or preparing); false when the id is taken. */
  boolean insert(NewRun r, RunStatus status, long now);

  Optional<Run> find(String id, Long agentId);

  /** The owning agent's id, whoever asks (tells "yours" from "someone else's" run_id). */
  Optional<Long> owner(String id);

  List<Run> list(RunQuery q);

  /** Queued, preparing or running runs of the plugin folder at {@code pluginPath}. */
  List<Run> unfinishedAt(String pluginPath);

  /** The status and version (the optimistic lock) of a run. */
  Optional<RunState> state(String id);

  /**
   * Writes {@code t} if the run is still at {@code seen.version()}; false when another writer
   * changed it in between. Null fields of {@code t} leave the stored ones as they are.
   */
  boolean transition(String id, RunState seen, RunTransition t, long now);

  /** Live details that change while a run works (no status change); nulls leave them. */
  void progress(String id, String message, String progress, String metrics, long now);

  /** Runs of every agent by "status\tmode", every pair present (zero when none), for /metrics. */
  java.util.Map<String, Long> countByStatusAndMode();

  /** Where the executor can find the run again (pid, Ray job id). */
  void handle(String id, String handle);

  /** The id of the agent with this name. */
  Optional<Long> agentNamed(String name);

  /** A run's status at one version. */
  record RunState(RunStatus status, long version) {}
}
