package dev.synapse.mcp.audit;

import dev.synapse.mcp.agents.Agent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: who changed what, from where, with what outcome. Rows older than the retention
 * are deleted at most once an hour, on the next write.
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int MAX_TEXT = 300;
  private static final long PRUNE_EVERY_MS = 3600_000L;

  private final AuditStore store;
  private final Clock clock;
  private final Duration retention;
  private final AtomicLong lastPrune = new AtomicLong();

  public AuditLog(AuditStore store, Clock clock, int retentionDays) {
    this.store = store;
    this.clock = clock;
    this.retention = Duration.ofDays(retentionDays);
  }

  /** One entry; a failure to write is logged, never turned into the caller's error. */
  public void record(Agent agent, String action, String target, String outcome, String client) {
    long now = clock.millis();
    try {
      store.append(
          new AuditEntry(
              Instant.ofEpochMilli(now),
              agent == null ? "-" : agent.name(),
              agent == null ? null : agent.keyPrefix(),
              clip(action),
              clip(target),
              clip(outcome),
              clip(client)));
    } catch (RuntimeException e) {
      LOG.error("audit entry for {} {} not written: {}", action, target, e.toString());
    }
    long last = lastPrune.get();
    if (now - last > PRUNE_EVERY_MS && lastPrune.compareAndSet(last, now)) {
      prune();
    }
  }

  /** Deletes entries older than the retention; returns how many. */
  public int prune() {
    long cutoff = clock.millis() - retention.toMillis();
    return store.deleteBefore(cutoff);
  }

  /** Newest first. */
  public List<AuditEntry> list(AuditFilter f) {
    return store.list(f);
  }

  private static String clip(String s) {
    if (s == null) {
      return null;
    }
    String one = s.replaceAll("[\\p{Cc}\\p{Cf}]", " ");
    return one.length() > MAX_TEXT ? one.substring(0, MAX_TEXT - 3) + "..." : one;
  }
}
