package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A run in progress in this server: its latest state, who is listening, and how to stop it. */
public final class LiveRun {
  public final String id;
  public final RunLogs logs;
  public final CompletableFuture<Void> done = new CompletableFuture<>();
  private final List<Consumer<RunEvent>> listeners = new CopyOnWriteArrayList<>();

  /**
   * The events a waiter that subscribes late must still see (log lines, setup steps), the newest
   * {@value #REPLAY_LIMIT}: a fast run can emit before the caller starts waiting, or end first.
   */
  private final java.util.ArrayDeque<RunEvent> replay = new java.util.ArrayDeque<>();

  static final int REPLAY_LIMIT = 1000;
  private volatile String phase = "queued";
  private volatile long phaseStart = System.currentTimeMillis();
  private volatile String packageManager = "pip";
  private volatile RunEvent.Progress progress;
  private final ObjectNode metrics = JsonNodeFactory.instance.objectNode();
  private volatile Runnable canceller;
  private volatile String cancelReason;
  private volatile boolean detached;
  private volatile String setupLine;

  public LiveRun(String id, RunLogs logs) {
    this.id = id;
    this.logs = logs;
  }

  public void phase(String name) {
    phase = name;
    phaseStart = System.currentTimeMillis();
  }

  public void installingWith(String manager) {
    packageManager = manager;
    phase("installing");
  }

  public boolean preparing() {
    return phase.equals("installing");
  }

  /** Short and actionable: what the run is doing now. */
  public String message() {
    long secs = (System.currentTimeMillis() - phaseStart) / 1000;
    RunEvent.Progress p = progress;
    return switch (phase) {
      case "queued" -> "queued (" + secs + " s so far)";
      case "installing" ->
          "preparing: building the environment ("
              + packageManager
              + ", "
              + secs
              + " s so far"
              + (setupLine == null ? "" : "; " + setupLine)
              + ")";
      case "starting" -> "starting the action";
      default ->
          p == null
              ? "running (" + secs + " s so far)"
              : "running: "
                  + (p.message() != null
                      ? p.message()
                      : (p.category() == null ? "" : p.category() + " ")
                          + fmt(p.current())
                          + (p.total() == null ? "" : "/" + fmt(p.total())));
    };
  }

  public JsonNode progressNode() {
    RunEvent.Progress p = progress;
    if (p == null) {
      return null;
    }
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("current", p.current());
    if (p.total() != null) {
      n.put("total", p.total());
    }
    if (p.category() != null) {
      n.put("category", p.category());
    }
    return n;
  }

  public synchronized JsonNode metricsNode() {
    return metrics.isEmpty() ? null : metrics.deepCopy();
  }

  public void emit(RunEvent e) {
    if (e instanceof RunEvent.Setup s) {
      setupLine = s.message().length() > 160 ? s.message().substring(0, 160) + "…" : s.message();
    } else if (e instanceof RunEvent.Progress p) {
      progress = p;
      phase("running");
    } else if (e instanceof RunEvent.Metric m) {
      synchronized (this) {
        metrics.set(m.category(), m.value());
      }
    }
    synchronized (replay) {
      if (e instanceof RunEvent.Log || e instanceof RunEvent.Setup) {
        if (replay.size() == REPLAY_LIMIT) {
          replay.removeFirst();
        }
        replay.addLast(e);
      }
      for (Consumer<RunEvent> l : listeners) {
        l.accept(e);
      }
    }
  }

  /** Gives {@code listener} the log lines and setup steps emitted so far (the newest kept). */
  public void replayTo(Consumer<RunEvent> listener) {
    synchronized (replay) {
      replay.forEach(listener);
    }
  }

  /** Adds a listener that receives every event from now on. */
  public AutoCloseable subscribe(Consumer<RunEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Adds a listener that first receives the log lines and setup steps already emitted (the newest
   * {@value #REPLAY_LIMIT}), then every event from now on, with none lost or repeated in between.
   */
  public AutoCloseable subscribeFromStart(Consumer<RunEvent> listener) {
    synchronized (replay) {
      replay.forEach(listener);
      listeners.add(listener);
    }
    return () -> listeners.remove(listener);
  }

  public void cancelWith(Runnable action) {
    canceller = action;
  }

  /** Asks the executor to stop the run; returns false when nothing can be stopped yet. */
  public boolean cancel(String reason) {
    cancelReason = reason;
    Runnable c = canceller;
    if (c != null) {
      c.run();
      return true;
    }
    return false;
  }

  /** Marks a run whose work outlives this server (a Ray job): shutdown leaves it running. */
  public void detach() {
    detached = true;
  }

  public boolean detached() {
    return detached;
  }

  public String cancelReason() {
    return cancelReason;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
