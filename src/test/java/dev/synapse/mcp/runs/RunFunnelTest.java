package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import dev.synapse.mcp.testing.TempDirs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run funnel against a second writer on the same database file: a lost race is detected by the
 * version, re-read and re-checked against the state machine, never written over.
 */
class RunFunnelTest {
  private Path dir;
  private Database dbA;
  private Database dbB;
  private RunStore storeA;
  private RunStore storeB;
  private long agent;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("funnel-test");
    dbA = Database.open(dir.resolve("f.db"), 2);
    dbB = Database.open(dir.resolve("f.db"), 2);
    var a = SqliteStores.on(dbA);
    storeA = a.runs();
    storeB = SqliteStores.on(dbB).runs();
    agent = a.keys().agent("alice", 1L);
  }

  @AfterEach
  void tearDown() {
    dbA.close();
    dbB.close();
    TempDirs.delete(dir);
  }

  @Test
  void aLostRaceIsDetectedReReadAndRetried() {
    insert("run_retry");
    AtomicInteger writes = new AtomicInteger();
    // writer B starts the run between A's read and A's write
    RunStore racing =
        interleaved(
            () -> new RunFunnel(storeB, Clock.systemUTC()).apply("run_retry", started()), writes);
    new RunFunnel(racing, Clock.systemUTC())
        .apply("run_retry", RunTransition.to(RunStatus.CANCELLED, "cancelled by alice"));

    assertEquals(2, writes.get(), "the first write lost the race and was retried");
    assertEquals(RunStatus.CANCELLED, storeA.state("run_retry").orElseThrow().status());
    assertEquals(List.of("queued", "running", "cancelled"), history("run_retry"));
  }

  @Test
  void aMoveTheOtherWriterMadeIllegalIsRefusedWithTheRunsRealStatus() {
    insert("run_ended");
    RunStore racing =
        interleaved(
            () -> {
              var b = new RunFunnel(storeB, Clock.systemUTC());
              b.apply("run_ended", started());
              b.apply("run_ended", RunTransition.to(RunStatus.SUCCEEDED, "succeeded"));
            },
            new AtomicInteger());
    var e =
        assertThrows(
            ConflictException.class,
            () ->
                new RunFunnel(racing, Clock.systemUTC())
                    .apply("run_ended", RunTransition.to(RunStatus.CANCELLED, "cancelled")));
    assertEquals("run run_ended is succeeded; it cannot become cancelled", e.getMessage());
    assertEquals(List.of("queued", "running", "succeeded"), history("run_ended"));
  }

  @Test
  void twoWritersRacingToEndARunLeaveExactlyOneOutcome() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        String id = "run_r" + round;
        insert(id);
        new RunFunnel(storeA, Clock.systemUTC()).apply(id, started());
        var barrier = new CyclicBarrier(2);
        Future<Boolean> ok =
            pool.submit(
                () -> end(barrier, storeA, id, RunTransition.to(RunStatus.SUCCEEDED, "ok")));
        Future<Boolean> cancel =
            pool.submit(
                () -> end(barrier, storeB, id, RunTransition.to(RunStatus.CANCELLED, "cancel")));
        assertTrue(ok.get() ^ cancel.get(), "exactly one writer ends run " + id);
        List<String> h = history(id);
        assertEquals(3, h.size(), "one terminal history row: " + h);
        assertEquals(
            ok.get() ? RunStatus.SUCCEEDED : RunStatus.CANCELLED,
            storeB.state(id).orElseThrow().status());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean end(CyclicBarrier barrier, RunStore store, String id, RunTransition t)
      throws Exception {
    barrier.await();
    try {
      new RunFunnel(store, Clock.systemUTC()).apply(id, t);
      return true;
    } catch (ConflictException e) {
      assertTrue(e.getMessage().contains("it cannot become"), e.getMessage());
      return false;
    }
  }

  private static RunTransition started() {
    return RunTransition.to(RunStatus.RUNNING, "started");
  }

  /** Store A, with {@code competitor} run once just before A's first status write. */
  private RunStore interleaved(Runnable competitor, AtomicInteger writes) {
    return (RunStore)
        Proxy.newProxyInstance(
            RunStore.class.getClassLoader(),
            new Class<?>[] {RunStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("transition") && writes.getAndIncrement() == 0) {
                competitor.run();
              }
              try {
                return method.invoke(storeA, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void insert(String id) {
    storeA.insert(
        new NewRun(
            id,
            agent,
            null,
            "demo",
            "1.0.0",
            dir.toString(),
            "go",
            ExecutionMode.LOCAL,
            "{}",
            dir.resolve(id).toString(),
            null,
            null,
            "queued"),
        RunStatus.QUEUED,
        System.currentTimeMillis());
  }

  private List<String> history(String runId) {
    return dbB.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT to_status FROM run_history WHERE run_id = ? ORDER BY rowid")) {
            ps.setString(1, runId);
            try (var rs = ps.executeQuery()) {
              List<String> out = new ArrayList<>();
              while (rs.next()) {
                out.add(rs.getString(1));
              }
              return out;
            }
          }
        });
  }
}
