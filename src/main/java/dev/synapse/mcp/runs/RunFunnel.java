package dev.synapse.mcp.runs;

import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.NotFoundException;
import java.time.Clock;

/**
 * The one way a run changes status: read its status and version, check the move against {@link
 * RunStatus#check}, write it only if the version is unchanged. A lost race is re-read and
 * re-checked, so a move that became illegal meanwhile (a cancel after the run ended) is refused
 * with the run's real status; after {@link #ATTEMPTS} lost races in a row the caller gets a
 * conflict to retry.
 */
final class RunFunnel {
  static final int ATTEMPTS = 8;

  private final RunStore store;
  private final Clock clock;

  RunFunnel(RunStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void apply(String id, RunTransition t) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      RunStore.RunState seen =
          store.state(id).orElseThrow(() -> new NotFoundException("run " + id + " not found"));
      seen.status().check(t.to(), id);
      if (store.transition(id, seen, t, clock.millis())) {
        return;
      }
    }
    throw new ConflictException(
        "run " + id + " kept changing under concurrent writers; try the call again");
  }
}
