package dev.synapse.mcp.runs;

import dev.synapse.mcp.errors.BusyException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the calls that wait for a run (each holds an HTTP worker while it waits, because the MCP
 * transport answers a call on the thread that received it), per key and in total, so one key cannot
 * take every worker. A call over either cap is refused at once with the seconds until the earliest
 * of the waits it competes with ends.
 */
public final class LongCalls {
  private final int perKey;
  private final int total;
  private final Map<String, Map<Object, Long>> held = new HashMap<>();
  private int count;

  public LongCalls(int perKey, int total) {
    this.perKey = perKey;
    this.total = total;
  }

  /** A held place; closing it frees the place. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** Throws {@link BusyException} when {@code key} could not start a wait now. */
  public synchronized void check(String key, String context) {
    refuseIfFull(key, context);
  }

  /** Takes a place for a wait of up to {@code waitMs}, or refuses at once. */
  public synchronized Slot acquire(String key, long waitMs, String context) {
    refuseIfFull(key, context);
    Object token = new Object();
    held.computeIfAbsent(key, k -> new HashMap<>()).put(token, System.currentTimeMillis() + waitMs);
    count++;
    return () -> release(key, token);
  }

  private synchronized void release(String key, Object token) {
    Map<Object, Long> mine = held.get(key);
    if (mine != null && mine.remove(token) != null) {
      count--;
      if (mine.isEmpty()) {
        held.remove(key);
      }
    }
  }

  private void refuseIfFull(String key, String context) {
    Map<Object, Long> mine = held.getOrDefault(key, Map.of());
    if (mine.size() >= perKey) {
      int retry = secondsUntilFirstEnd(mine);
      throw new BusyException(
          "busy: this key already has "
              + mine.size()
              + " calls waiting for runs (the limit is "
              + perKey
              + ", SYNAPSE_LONG_CALLS_PER_KEY)"
              + context
              + "; retry in "
              + retry
              + " s",
          retry);
    }
    if (count >= total) {
      Map<Object, Long> all = new HashMap<>();
      held.values().forEach(all::putAll);
      int retry = secondsUntilFirstEnd(all);
      throw new BusyException(
          "busy: the server already has "
              + count
              + " calls waiting for runs (SYNAPSE_LONG_CALLS_TOTAL)"
              + context
              + "; retry in "
              + retry
              + " s",
          retry);
    }
  }

  private static int secondsUntilFirstEnd(Map<Object, Long> ends) {
    long first = ends.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long ms = first - System.currentTimeMillis();
    return (int) Math.max(1, (ms + 999) / 1000);
  }
}
