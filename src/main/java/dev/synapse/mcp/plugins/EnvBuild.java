package dev.synapse.mcp.plugins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One environment being built, shared by everyone who waits for it: its output (the recent lines
 * replayed to late followers), its outcome, and who still wants it, so that the last run to give up
 * stops the installer.
 */
public final class EnvBuild {
  private static final int KEEP_LINES = 200;
  final EnvironmentSpec spec;
  final CompletableFuture<java.nio.file.Path> done = new CompletableFuture<>();
  private final Deque<String> recent = new ArrayDeque<>();
  private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
  private int wanted;
  private boolean pinned;
  private volatile Process process;
  private volatile boolean stopped;

  EnvBuild(EnvironmentSpec spec) {
    this.spec = spec;
  }

  public EnvironmentSpec spec() {
    return spec;
  }

  /** Sends every line so far, then each new one, to {@code follower} until closed. */
  public AutoCloseable follow(Consumer<String> follower) {
    List<String> before;
    synchronized (this) {
      before = new ArrayList<>(recent);
      followers.add(follower);
    }
    before.forEach(follower);
    return () -> followers.remove(follower);
  }

  void line(String line) {
    synchronized (this) {
      recent.addLast(line);
      if (recent.size() > KEEP_LINES) {
        recent.removeFirst();
      }
    }
    for (Consumer<String> f : followers) {
      try {
        f.accept(line);
      } catch (RuntimeException ignored) {
        // a follower that fails must not stop the build
      }
    }
  }

  synchronized List<String> lastLines(int n) {
    List<String> all = new ArrayList<>(recent);
    return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** A run waits for this build; every want is matched by one {@link #release()}. */
  public synchronized void want() {
    wanted++;
  }

  /** Kept to the end whoever leaves: asked for ahead of time (prepare) or by a describe. */
  synchronized void pin() {
    pinned = true;
  }

  /** A waiting run gave up (cancelled); the last one out stops the installer. */
  public void release() {
    boolean stop;
    synchronized (this) {
      wanted--;
      stop = wanted <= 0 && !pinned && !done.isDone();
    }
    if (stop) {
      stop();
    }
  }

  /** Stops the installer whoever waits (the server is shutting down). */
  void stop() {
    stopped = true;
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  boolean stopped() {
    return stopped;
  }

  void running(Process p) {
    process = p;
    if (stopped) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** The environment's python once built. */
  public java.nio.file.Path await() throws EnvironmentException, InterruptedException {
    return await(Long.MAX_VALUE);
  }

  /** The environment's python, or null if it is not built within {@code millis}. */
  public java.nio.file.Path await(long millis) throws EnvironmentException, InterruptedException {
    try {
      return done.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EnvironmentException env) {
        throw new EnvironmentException(env.getMessage());
      }
      throw new EnvironmentException("building the environment failed: " + e.getCause());
    }
  }
}
