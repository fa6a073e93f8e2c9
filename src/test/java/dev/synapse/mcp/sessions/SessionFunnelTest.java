package dev.synapse.mcp.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
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
 * Session transitions from two writers on one database file (two servers, or a server and the CLI):
 * the version detects every lost race, the loser re-reads and re-checks, nothing is lost.
 */
class SessionFunnelTest {
  private Path dir;
  private Database dbA;
  private Database dbB;
  private SessionStore storeA;
  private SessionService serviceA;
  private SessionService serviceB;
  private Agent alice;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("session-race");
    dbA = Database.open(dir.resolve("s.db"), 2);
    dbB = Database.open(dir.resolve("s.db"), 2);
    var a = SqliteStores.on(dbA);
    storeA = a.sessions();
    serviceA = new SessionService(storeA, Clock.systemUTC());
    serviceB = new SessionService(SqliteStores.on(dbB).sessions(), Clock.systemUTC());
    var keys = new KeyService(a.keys(), Clock.systemUTC());
    alice = keys.authenticate(keys.create("alice", KeyService.DEFAULT_ROLES)).orElseThrow();
  }

  @AfterEach
  void tearDown() {
    dbA.close();
    dbB.close();
    TempDirs.delete(dir);
  }

  @Test
  void aHeartbeatThatLostTheRaceToACloseIsRefusedAndWritesNothing() {
    Session s = serviceA.create(alice, "worker", null, null);
    AtomicInteger writes = new AtomicInteger();
    SessionStore racing =
        (SessionStore)
            Proxy.newProxyInstance(
                SessionStore.class.getClassLoader(),
                new Class<?>[] {SessionStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("write") && writes.getAndIncrement() == 0) {
                    serviceB.close(alice, s.id()); // B closes between A's read and A's write
                  }
                  try {
                    return method.invoke(storeA, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    var e =
        assertThrows(
            ConflictException.class,
            () -> new SessionService(racing, Clock.systemUTC()).heartbeat(alice, s.id()));
    assertEquals(
        "session " + s.id() + " is closed; call reopen_session to use it again", e.getMessage());
    assertEquals(1, writes.get(), "the lost write was detected; the retry saw the close");
    Session after = serviceB.get(alice, s.id());
    assertEquals(SessionStatus.CLOSED, after.status());
    assertEquals(0, after.heartbeats());
  }

  @Test
  void heartbeatsFromTwoWritersAreAllCountedAndNoneFails() throws Exception {
    Session s = serviceA.create(alice, "busy", null, null);
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      var barrier = new CyclicBarrier(2);
      List<Future<Integer>> done = new ArrayList<>();
      for (SessionService writer : List.of(serviceA, serviceB)) {
        done.add(
            pool.submit(
                () -> {
                  barrier.await();
                  for (int i = 0; i < each; i++) {
                    writer.heartbeat(alice, s.id());
                  }
                  return each;
                }));
      }
      for (Future<Integer> f : done) {
        assertEquals(each, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2L * each, serviceA.get(alice, s.id()).heartbeats());
    assertEquals(
        1L + 2L * each, storeA.read(tx -> tx.version(s.id())).orElseThrow(), "one version each");
  }
}
