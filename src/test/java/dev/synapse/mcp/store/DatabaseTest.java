package dev.synapse.mcp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  private Path dir;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("db-test");
  }

  @AfterEach
  void tearDown() {
    TempDirs.delete(dir);
  }

  @Test
  void migrationsApplyOnceAndSurviveReopen() {
    Path file = dir.resolve("nested/synapse.db");
    int version;
    try (Database db = Database.open(file, 1)) {
      version = db.schemaVersion();
      assertTrue(version >= 1, "schema version " + version);
      assertEquals("wal", db.read(c -> scalar(c, "PRAGMA journal_mode")));
    }
    try (Database db = Database.open(file, 1)) {
      assertEquals(version, db.schemaVersion());
      assertEquals(
          String.valueOf(version),
          db.read(c -> scalar(c, "SELECT COUNT(*) FROM schema_migrations")));
    }
  }

  @Test
  void manyConcurrentWritersAllCommitWithoutBusyErrors() throws Exception {
    try (Database db = Database.open(dir.resolve("c.db"), 4)) {
      db.write(c -> c.createStatement().executeUpdate("CREATE TABLE hits (n INTEGER)"));
      ExecutorService pool = Executors.newFixedThreadPool(64);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    db.write(c -> c.createStatement().executeUpdate("INSERT INTO hits VALUES (1)"));
                    db.read(c -> scalar(c, "SELECT COUNT(*) FROM hits"));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertEquals("6400", db.read(c -> scalar(c, "SELECT COUNT(*) FROM hits")));
    }
  }

  @Test
  void aFailingWriteChangesNothingAndSparesItsGroup() throws Exception {
    try (Database db = Database.open(dir.resolve("f.db"), 1)) {
      db.write(c -> c.createStatement().executeUpdate("CREATE TABLE t (n INTEGER NOT NULL)"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean bad = i % 10 == 0;
        futures.add(
            pool.submit(
                () ->
                    db.write(
                        c -> {
                          c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                          if (bad) {
                            c.createStatement().executeUpdate("INSERT INTO t VALUES (NULL)");
                          }
                          return null;
                        })));
      }
      int failures = 0;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertTrue(e.getCause() instanceof StorageException, e.getCause().toString());
          failures++;
        }
      }
      pool.shutdown();
      assertEquals(20, failures);
      assertEquals("180", db.read(c -> scalar(c, "SELECT COUNT(*) FROM t")));
    }
  }

  @Test
  void writesAfterCloseAreRefused() {
    Database db = Database.open(dir.resolve("x.db"), 1);
    db.close();
    assertThrows(StorageException.class, () -> db.write(c -> 1));
  }

  private static String scalar(java.sql.Connection c, String sql) throws SQLException {
    try (var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
