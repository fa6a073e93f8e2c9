package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happens to runs while they execute: the live runs of this server, their progress
 * (saved at most once a second) and each status change, always through the {@link RunFunnel}.
 */
final class RunRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
  private static final long PERSIST_EVERY_MS = 1000;

  private final RunStore store;
  private final RunFunnel funnel;
  private final Clock clock;
  private final Map<String, LiveRun> active = new ConcurrentHashMap<>();

  RunRecorder(RunStore store, Clock clock) {
    this.store = store;
    this.funnel = new RunFunnel(store, clock);
    this.clock = clock;
  }

  /** The live run of this server with this id, or null. */
  LiveRun live(String id) {
    return active.get(id);
  }

  /**
   * A run of this server that ended a moment ago (the newest {@value #RECENT_LIMIT}), so a caller
   * that starts waiting after a fast run ended still gets its log lines.
   */
  LiveRun ended(String id) {
    synchronized (recent) {
      return recent.get(id);
    }
  }

  static final int RECENT_LIMIT = 64;

  private final Map<String, LiveRun> recent =
      new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LiveRun> eldest) {
          return size() > RECENT_LIMIT;
        }
      };

  Collection<LiveRun> live() {
    return active.values();
  }

  void forget(String id) {
    active.remove(id);
  }

  /** The stored run, with the newest message and progress while it is live here. */
  Run withLive(Run r) {
    LiveRun live = active.get(r.id());
    return live == null || r.status().terminal()
        ? r
        : r.withLive(live.message(), live.progressNode(), live.metricsNode());
  }

  /** A live run, registered, whose progress and metrics are saved at most once a second. */
  LiveRun track(String id, Path logsDir) {
    LiveRun live = new LiveRun(id, new RunLogs(logsDir));
    active.put(id, live);
    long[] lastPersist = {0};
    live.subscribe(
        e -> {
          long now = System.currentTimeMillis();
          if ((e instanceof RunEvent.Progress || e instanceof RunEvent.Metric)
              && now - lastPersist[0] >= PERSIST_EVERY_MS) {
            lastPersist[0] = now;
            persistProgress(live);
          }
        });
    return live;
  }

  /** What the executor of a live run reports through. */
  RunCallbacks callbacks(String id, LiveRun live) {
    return new RunCallbacks() {
      @Override
      public void running() {
        funnel.apply(id, RunTransition.to(RunStatus.RUNNING, "started").message(live.message()));
      }

      @Override
      public void handle(JsonNode handle) {
        store.handle(id, handle.toString());
      }

      @Override
      public void finish(RunOutcome outcome) {
        try {
          RunRecorder.this.finish(id, outcome, live);
        } catch (RuntimeException e) {
          LOG.error("recording the end of run {} failed", id, e);
        } finally {
          synchronized (recent) {
            recent.put(id, live);
          }
          active.remove(id);
          live.done.complete(null);
        }
      }
    };
  }

  /** Records how a run ended, with the last progress of its live run (if any). */
  void finish(String id, RunOutcome outcome, LiveRun live) {
    RunTransition t;
    if (outcome instanceof RunOutcome.Succeeded s) {
      t =
          RunTransition.to(RunStatus.SUCCEEDED, "succeeded")
              .result(str(s.result()))
              .message("succeeded");
    } else if (outcome instanceof RunOutcome.Failed f) {
      t =
          RunTransition.to(RunStatus.FAILED, f.reason())
              .error(f.reason())
              .message("failed: " + f.reason());
    } else {
      var x = (RunOutcome.Cancelled) outcome;
      t = RunTransition.to(RunStatus.CANCELLED, x.reason()).error(x.reason()).message(x.reason());
    }
    funnel.apply(id, live == null ? t : t.live(str(live.progressNode()), str(live.metricsNode())));
  }

  /** A run nobody can follow any more. */
  void lost(String id, String reason) {
    funnel.apply(id, RunTransition.to(RunStatus.LOST, reason).error(reason).message(reason));
  }

  private void persistProgress(LiveRun live) {
    try {
      store.progress(
          live.id,
          live.message(),
          str(live.progressNode()),
          str(live.metricsNode()),
          clock.millis());
    } catch (RuntimeException e) {
      LOG.warn("saving progress of {}: {}", live.id, e.getMessage());
    }
  }

  private static String str(JsonNode n) {
    return n == null ? null : n.toString();
  }
}
