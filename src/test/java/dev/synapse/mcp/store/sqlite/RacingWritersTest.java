package dev.synapse.mcp.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.NewRun;
import dev.synapse.mcp.runs.RunStatus;
import dev.synapse.mcp.runs.RunStore;
import dev.synapse.mcp.runs.RunTransition;
import dev.synapse.mcp.sessions.NewSession;
import dev.synapse.mcp.sessions.SessionStatus;
import dev.synapse.mcp.sessions.SessionTransition;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.Stores;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two writers on one database file (two server processes, or a server and the CLI), each with its
 * own connection: a write made with a version another writer has moved past changes nothing and is
 * reported as lost.
 */
class RacingWritersTest {
  private static final long NOW = 1_767_225_600_000L;
  private Path dir;
  private Database dbA;
  private Database dbB;
  private Stores a;
  private Stores b;
  private long agent;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("race-test");
    dbA = Database.open(dir.resolve("r.db"), 1);
    dbB = Database.open(dir.resolve("r.db"), 1);
    a = SqliteStores.on(dbA);
    b = SqliteStores.on(dbB);
    agent = a.keys().agent("alice", NOW);
  }

  @AfterEach
  void tearDown() {
    dbA.close();
    dbB.close();
    TempDirs.delete(dir);
  }

  @Test
  void aRunWriterHoldingAStaleVersionLosesTheRace() {
    assertTrue(a.runs().insert(run("run_race"), RunStatus.QUEUED, NOW));
    RunStore.RunState seenByA = a.runs().state("run_race").orElseThrow();
    RunStore.RunState seenByB = b.runs().state("run_race").orElseThrow();
    assertEquals(seenByA, seenByB);

    assertTrue(
        a.runs()
            .transition(
                "run_race", seenByA, RunTransition.to(RunStatus.RUNNING, "started"), NOW + 1));
    assertFalse(
        b.runs()
            .transition(
                "run_race",
                seenByB,
                RunTransition.to(RunStatus.CANCELLED, "cancelled by bob").error("x"),
                NOW + 2),
        "a write based on a version another writer moved past must lose");

    RunStore.RunState now = b.runs().state("run_race").orElseThrow();
    assertEquals(RunStatus.RUNNING, now.status());
    assertEquals(seenByA.version() + 1, now.version());
    assertEquals(null, b.runs().find("run_race", null).orElseThrow().error());
    assertEquals(List.of("queued", "running"), history(dbB, "run_race"));
  }

  @Test
  void aSessionWriterHoldingAStaleVersionLosesTheRace() {
    String id = "3f2b0000-0000-4000-8000-000000000001";
    a.sessions()
        .write(
            tx -> {
              tx.insert(new NewSession(id, agent, "worker", null, null), NOW);
              return null;
            });
    long seenByA = a.sessions().read(tx -> tx.version(id)).orElseThrow();
    long seenByB = b.sessions().read(tx -> tx.version(id)).orElseThrow();

    boolean closed =
        a.sessions()
            .write(tx -> tx.transition(id, seenByA, SessionTransition.close("stopped"), NOW + 1));
    boolean heartbeat =
        b.sessions()
            .write(tx -> tx.transition(id, seenByB, SessionTransition.heartbeat(), NOW + 2));
    assertTrue(closed);
    assertFalse(heartbeat, "a heartbeat based on the version before the close must lose");

    var s = b.sessions().read(tx -> tx.find(id, null, NOW + 3)).orElseThrow();
    assertEquals(SessionStatus.CLOSED, s.status());
    assertEquals(0, s.heartbeats());
    assertEquals("stopped", s.closedReason());
    assertEquals(seenByA + 1, b.sessions().read(tx -> tx.version(id)).orElseThrow());
  }

  private NewRun run(String id) {
    return new NewRun(
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
        "queued");
  }

  static List<String> history(Database db, String runId) {
    return db.read(
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
