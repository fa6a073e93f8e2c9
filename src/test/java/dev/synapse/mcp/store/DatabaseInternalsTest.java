package dev.synapse.mcp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Database's own machinery: the reader pool, a group whose commit fails, health and close. */
class DatabaseInternalsTest {
  private Path dir;
  private Path file;
  private Database db;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("db-internals");
    file = dir.resolve("s.db");
    db = Database.open(file, 1);
  }

  @AfterEach
  void tearDown() {
    db.close();
    TempDirs.delete(dir);
  }

  private static long count(Connection c, String table) throws SQLException {
    try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void healthyWhileOpenAndNotOnceClosed() {
    assertTrue(db.healthy());
    db.close();
    assertFalse(db.healthy());
  }

  @Test
  void closeClosesEveryConnectionSoTheWalIsFoldedBack() throws Exception {
    db.write(c -> c.createStatement().execute("CREATE TABLE t(x)"));
    assertTrue(Files.exists(Path.of(file + "-wal")));
    db.close();
    assertFalse(Files.exists(Path.of(file + "-wal")), "a connection left open keeps the -wal file");
    assertThrows(StorageException.class, () -> db.read(c -> count(c, "t")));
  }

  @Test
  void aFailedReadGivesItsConnectionBackToThePool() {
    var failed =
        assertThrows(
            StorageException.class, () -> db.read(c -> count(c, "no_such_table_anywhere")));
    assertTrue(failed.getMessage().startsWith("read failed: "), failed.getMessage());
    // the pool holds one connection: a second read only works if the first gave it back
    assertEquals(
        Long.valueOf(1),
        db.<Long>read(c -> c.createStatement().executeQuery("SELECT 1").getLong(1)));
  }

  @Test
  void aReadWaitsForTheBusyConnectionAndGetsIt() throws Exception {
    var holding = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var first =
        CompletableFuture.supplyAsync(
            () ->
                db.read(
                    c -> {
                      holding.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return 1;
                    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    var second = CompletableFuture.supplyAsync(() -> db.read(c -> 2));
    Thread.sleep(200);
    assertFalse(second.isDone(), "the only connection is in use; the second read must wait");
    release.countDown();
    assertEquals(Integer.valueOf(1), first.get(10, TimeUnit.SECONDS));
    assertEquals(Integer.valueOf(2), second.get(10, TimeUnit.SECONDS));
  }

  @Test
  void anInterruptedWaitForAConnectionFailsAndKeepsTheInterrupt() throws Exception {
    var holding = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var first =
        CompletableFuture.runAsync(
            () ->
                db.read(
                    c -> {
                      holding.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    var stillInterrupted = new AtomicBoolean();
    var message = new String[1];
    Thread waiter =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                db.read(c -> 1);
              } catch (StorageException e) {
                message[0] = e.getMessage();
              }
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    waiter.start();
    waiter.join(10_000);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertEquals("interrupted while waiting for a connection", message[0]);
    assertTrue(stillInterrupted.get(), "the interrupt flag must survive");
    assertEquals(Integer.valueOf(3), db.<Integer>read(c -> 3), "the pool still has its connection");
  }

  @Test
  void aGroupWhoseCommitFailsIsRolledBackAndTheNextGroupCommits() {
    db.write(
        c -> {
          var st = c.createStatement();
          st.execute("CREATE TABLE parent(id INTEGER PRIMARY KEY)");
          st.execute(
              "CREATE TABLE child(pid INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY"
                  + " DEFERRED)");
          return null;
        });
    // a deferred foreign key is checked only at COMMIT: the unit itself succeeds, the group fails
    var failed =
        assertThrows(
            StorageException.class,
            () ->
                db.write(c -> c.createStatement().executeUpdate("INSERT INTO child VALUES (99)")));
    assertTrue(failed.getMessage().startsWith("commit failed: "), failed.getMessage());
    assertEquals(Long.valueOf(0), db.<Long>read(c -> count(c, "child")));
    db.write(
        c -> {
          c.createStatement().executeUpdate("INSERT INTO parent VALUES (1)");
          return c.createStatement().executeUpdate("INSERT INTO child VALUES (1)");
        });
    assertEquals(Long.valueOf(1), db.<Long>read(c -> count(c, "child")));
    assertEquals(Long.valueOf(1), db.<Long>read(c -> count(c, "parent")));
  }
}
