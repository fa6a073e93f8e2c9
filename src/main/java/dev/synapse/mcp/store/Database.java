package dev.synapse.mcp.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file: WAL, one writer thread that commits queued writes in groups (so many concurrent
 * heartbeats cost one commit, and nothing ever meets SQLITE_BUSY), and a small pool of read
 * connections.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int MAX_GROUP = 512;
  private static final long WRITE_TIMEOUT_S = 30;

  private final Path file;
  private final Connection writer;
  private final BlockingQueue<Connection> readers;
  private final List<Connection> allReaders = new ArrayList<>();
  private final BlockingQueue<WriteTask<?>> queue = new LinkedBlockingQueue<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final int schemaVersion;
  private volatile boolean closed;
  private volatile java.util.function.ObjLongConsumer<String> timings = (op, nanos) -> {};

  private Database(Path file, int readerCount) throws SQLException {
    this.file = file;
    this.writer = open(file);
    this.schemaVersion = Migrations.apply(writer);
    writer.setAutoCommit(false);
    this.readers = new ArrayBlockingQueue<>(readerCount);
    for (int i = 0; i < readerCount; i++) {
      Connection c = open(file);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only=ON");
      }
      allReaders.add(c);
      readers.add(c);
    }
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  public static Database open(Path file, int readerCount) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new Database(file, readerCount);
    } catch (SQLException | java.io.IOException e) {
      throw new StorageException("cannot open database " + file + ": " + e.getMessage(), e);
    }
  }

  private static Connection open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      // NORMAL in WAL mode: a commit survives a process crash (kill -9); only power loss may drop
      // the last ones.
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute("PRAGMA busy_timeout=10000");
      st.execute("PRAGMA foreign_keys=ON");
    }
    return c;
  }

  public Path file() {
    return file;
  }

  public int schemaVersion() {
    return schemaVersion;
  }

  /** Hears how long each read and write took (for /metrics). */
  public void timings(java.util.function.ObjLongConsumer<String> listener) {
    this.timings = listener;
  }

  /** Runs read-only work on a pooled connection. */
  public <T> T read(SqlWork<T> work) {
    long t0 = System.nanoTime();
    Connection c = borrow();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("read failed: " + e.getMessage(), e);
    } finally {
      readers.add(c);
      timings.accept("read", System.nanoTime() - t0);
    }
  }

  /**
   * Runs work on the single writer inside a transaction shared with other queued writes; returns
   * once committed. A failing unit is rolled back to its own savepoint and does not affect the
   * others in the group.
   */
  public <T> T write(SqlWork<T> work) {
    if (closed) {
      throw new StorageException("database is closed", null);
    }
    long t0 = System.nanoTime();
    try {
      return writeQueued(work);
    } finally {
      timings.accept("write", System.nanoTime() - t0);
    }
  }

  private <T> T writeQueued(SqlWork<T> work) {
    var task = new WriteTask<>(work);
    queue.add(task);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_TIMEOUT_S);
    try {
      while (!task.result.isDone()) {
        if (writeLock.tryLock()) {
          try {
            // serve the queue until it is empty: our own task is in it, later ones ride along
            while (!queue.isEmpty()) {
              commitNextGroup();
            }
          } finally {
            writeLock.unlock();
          }
        } else {
          try {
            task.result.get(1, TimeUnit.MILLISECONDS);
          } catch (TimeoutException notYet) {
            if (System.nanoTime() > deadline) {
              throw new StorageException(
                  "write not committed within " + WRITE_TIMEOUT_S + " s", notYet);
            }
          }
        }
      }
      return task.result.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new StorageException("write failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while writing", e);
    }
  }

  /** True when the file answers a trivial query. */
  public boolean healthy() {
    try {
      return read(c -> c.createStatement().executeQuery("SELECT 1").next());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Connection borrow() {
    try {
      Connection c = readers.poll(WRITE_TIMEOUT_S, TimeUnit.SECONDS);
      if (c == null) {
        throw new StorageException("no database connection free", null);
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for a connection", e);
    }
  }

  private void commitNextGroup() {
    List<WriteTask<?>> group = new ArrayList<>();
    queue.drainTo(group, MAX_GROUP);
    if (!group.isEmpty()) {
      commitGroup(group);
    }
  }

  private void commitGroup(List<WriteTask<?>> group) {
    List<Runnable> completions = new ArrayList<>(group.size());
    try {
      for (WriteTask<?> task : group) {
        completions.add(task.runIn(writer));
      }
      writer.commit();
      completions.forEach(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      LOG.error("write group of {} failed to commit", group.size(), e);
      try {
        writer.rollback();
      } catch (SQLException rollback) {
        LOG.error("rollback failed", rollback);
      }
      var failure = new StorageException("commit failed: " + e.getMessage(), e);
      group.forEach(t -> t.result.completeExceptionally(failure));
    }
  }

  @Override
  public void close() {
    closed = true;
    writeLock.lock();
    try {
      while (!queue.isEmpty()) {
        commitNextGroup();
      }
      writer.close();
      for (Connection c : allReaders) {
        c.close();
      }
    } catch (SQLException e) {
      LOG.warn("closing database: {}", e.getMessage());
    } finally {
      writeLock.unlock();
    }
  }

  private static final class WriteTask<T> {
    final SqlWork<T> work;
    final CompletableFuture<T> result = new CompletableFuture<>();

    WriteTask(SqlWork<T> work) {
      this.work = work;
    }

    /** Runs inside a savepoint; returns what to do once the group is committed. */
    Runnable runIn(Connection c) throws SQLException {
      var savepoint = c.setSavepoint();
      try {
        T value = work.run(c);
        c.releaseSavepoint(savepoint);
        return () -> result.complete(value);
      } catch (SQLException | RuntimeException e) {
        c.rollback(savepoint);
        RuntimeException failure =
            e instanceof RuntimeException re
                ? re
                : new StorageException("write failed: " + e.getMessage(), e);
        return () -> result.completeExceptionally(failure);
      }
    }
  }
}
