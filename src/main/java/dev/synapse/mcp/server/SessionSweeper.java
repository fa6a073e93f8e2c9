package dev.synapse.mcp.server;

import dev.synapse.mcp.sessions.SessionClaims;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes sessions idle longer than the configured expiry (reason {@code expired}), once a minute,
 * so a machine that died with open sessions still ends clean.
 */
final class SessionSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionSweeper.class);
  private final ScheduledExecutorService timer;

  SessionSweeper(SessionClaims claims, Duration expiry) {
    if (expiry.isZero()) {
      this.timer = null;
      return;
    }
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "session-sweeper");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(1, Math.min(60, expiry.toSeconds() / 2));
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            int n = claims.expire(expiry);
            if (n > 0) {
              LOG.info("{} session(s) idle for over {} closed as expired", n, expiry);
            }
          } catch (RuntimeException e) {
            LOG.warn("expiring sessions: {}", e.getMessage());
          }
        },
        0,
        period,
        TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
