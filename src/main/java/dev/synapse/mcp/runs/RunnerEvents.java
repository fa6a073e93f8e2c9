package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runner's events of one run as they arrive from a Ray actor or a job's log: each goes to the
 * live run (and its log), the first terminal one decides the outcome.
 */
public final class RunnerEvents {
  private final LiveRun live;
  private volatile RunEvent terminal;

  public RunnerEvents(LiveRun live) {
    this.live = live;
  }

  /** Takes one event object; anything that is not an event is kept as a line of output. */
  public void accept(JsonNode node) {
    RunEvent event = RunEvent.parse(node);
    if (event == null) {
      live.logs.append("action", node.toString());
      return;
    }
    if (event instanceof RunEvent.Log l) {
      live.logs.append("action", "[" + l.level() + "] " + l.message());
    }
    if ((event instanceof RunEvent.Result || event instanceof RunEvent.Error) && terminal == null) {
      terminal = event;
    }
    live.emit(event);
  }

  public boolean ended() {
    return terminal != null;
  }

  /** The outcome the terminal event says, or null when there was none. */
  public RunOutcome outcome() {
    RunEvent end = terminal;
    if (end instanceof RunEvent.Result r) {
      return new RunOutcome.Succeeded(r.value());
    }
    if (end instanceof RunEvent.Error e) {
      if (e.traceback() != null) {
        live.logs.append("action", e.traceback());
      }
      return "Cancelled".equals(e.type()) && live.cancelReason() != null
          ? new RunOutcome.Cancelled(live.cancelReason())
          : new RunOutcome.Failed(e.type() + ": " + e.message());
    }
    return null;
  }
}
