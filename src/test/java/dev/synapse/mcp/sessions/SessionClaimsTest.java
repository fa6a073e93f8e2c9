package dev.synapse.mcp.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import dev.synapse.mcp.testing.MutableClock;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionClaimsTest {
  private static final String CC = "3f2b7a1c-0000-4000-8000-000000000001";
  private Path dir;
  private Database db;
  private MutableClock clock;
  private SessionClaims claims;
  private SessionService sessions;
  private Agent alice;
  private Agent bob;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("claims-test");
    db = Database.open(dir.resolve("s.db"), 2);
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    claims = new SessionClaims(SqliteStores.on(db).sessions(), clock);
    sessions = new SessionService(SqliteStores.on(db).sessions(), clock);
    var keys = new KeyService(SqliteStores.on(db).keys(), clock);
    alice = keys.authenticate(keys.create("alice", KeyService.DEFAULT_ROLES)).orElseThrow();
    bob = keys.authenticate(keys.create("bob", KeyService.DEFAULT_ROLES)).orElseThrow();
  }

  @AfterEach
  void tearDown() {
    db.close();
    TempDirs.delete(dir);
  }

  private static ClaimRequest sub(String agentId, String name) {
    return new ClaimRequest(CC, agentId, "general-purpose", name, "d", null, null, null, 42L, "t0");
  }

  @Test
  void claimCreatesThenReusesTheSameAgentsSession() {
    ClaimResult first = claims.claim(alice, sub("a1", "worker"));
    assertEquals("created", first.action());
    assertEquals("worker", first.session().name());
    ClaimResult again = claims.claim(alice, sub("a1", "worker"));
    assertEquals("reused", again.action());
    assertEquals(first.session().id(), again.session().id());
  }

  @Test
  void claimRevivesAnInactiveSessionOfTheName() {
    String id = claims.claim(alice, sub("a1", "worker")).session().id();
    clock.advance(Duration.ofHours(2));
    ClaimResult r = claims.claim(alice, sub("a2", "worker"));
    assertEquals("revived", r.action());
    assertEquals(id, r.session().id());
    assertEquals(SessionStatus.ACTIVE, r.session().status());
  }

  @Test
  void claimReopensTheClosedSessionOfTheSameOwnerAndNameOnly() {
    String id = claims.claim(alice, sub("a1", "worker")).session().id();
    claims.stop(alice, CC, "a1", null);
    ClaimResult r = claims.claim(alice, sub("a2", "worker"));
    assertEquals("reopened", r.action());
    assertEquals(id, r.session().id());
    ClaimResult other = claims.claim(bob, sub("a3", "worker"));
    assertEquals("created", other.action(), "bob never gets alice's session");
    assertNotEquals(id, other.session().id());
  }

  @Test
  void aNameHeldByAnotherRunningSubAgentGetsASuffixedNewSession() {
    String id = claims.claim(alice, sub("a1111111aa", "worker")).session().id();
    ClaimResult r = claims.claim(alice, sub("b2222222bb", "worker"));
    assertEquals("created", r.action());
    assertEquals("worker-b2222222", r.session().name());
    assertNotEquals(id, r.session().id());
  }

  @Test
  void twoClaimsRacingForOneNameGetTwoSessionsAndTheSameAgentGetsOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      var barrier = new CyclicBarrier(2);
      List<Future<ClaimResult>> fs = new ArrayList<>();
      for (String agent : List.of("a1111111", "b2222222")) {
        fs.add(
            pool.submit(
                () -> {
                  barrier.await();
                  return claims.claim(alice, sub(agent, "racer"));
                }));
      }
      Set<String> ids = new HashSet<>();
      Set<String> names = new HashSet<>();
      for (var f : fs) {
        ids.add(f.get().session().id());
        names.add(f.get().session().name());
      }
      assertEquals(2, ids.size());
      assertTrue(names.contains("racer"), names.toString());
      var same = new CyclicBarrier(2);
      List<Future<ClaimResult>> twice = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        twice.add(
            pool.submit(
                () -> {
                  same.await();
                  return claims.claim(alice, sub("c3333333", "solo"));
                }));
      }
      assertEquals(twice.get(0).get().session().id(), twice.get(1).get().session().id());
      assertEquals(1, sessions.list(alice, null, "solo", null, null).size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void subAgentClaimParentsUnderTheLeadAndRecordsTheProcess() {
    String lead =
        claims
            .claim(alice, new ClaimRequest(CC, null, null, null, null, null, null, null, 7L, "x"))
            .session()
            .id();
    claims.recordSpawn(alice, CC, "toolu_1", null, "count files", "general-purpose", false);
    ClaimResult r = claims.claimSubagent(alice, CC, "a9", "general-purpose", 7L, "x", 0);
    assertEquals(lead, r.session().parentId());
    assertEquals("count files", r.session().description());
    assertEquals("by-order", r.session().pairing());
    assertEquals("general-purpose-a9", r.session().name());
  }

  @Test
  void backgroundSpawnsArePairedExactlyWhateverTheArrivalOrder() {
    for (int i = 1; i <= 3; i++) {
      claims.recordSpawn(alice, CC, "toolu_" + i, null, "job " + i, "general-purpose", true);
    }
    // Keys arrive in another order than the spawns, and before or after SubagentStart.
    claims.spawned(alice, CC, "toolu_3", "agent1", "job 3", "general-purpose");
    ClaimResult one = claims.claimSubagent(alice, CC, "agent1", "general-purpose", null, null, 0);
    ClaimResult two = claims.claimSubagent(alice, CC, "agent2", "general-purpose", null, null, 0);
    claims.spawned(alice, CC, "toolu_1", "agent2", "job 1", "general-purpose");
    ClaimResult three = claims.claimSubagent(alice, CC, "agent3", "general-purpose", null, null, 0);
    claims.spawned(alice, CC, "toolu_2", "agent3", "job 2", "general-purpose");
    assertEquals("job 3", one.session().description());
    assertEquals("exact", one.session().pairing());
    assertEquals("job 1", sessions.get(alice, two.session().id()).description());
    assertEquals("exact", sessions.get(alice, two.session().id()).pairing());
    assertEquals("job 2", sessions.get(alice, three.session().id()).description());
    assertEquals("toolu_2", sessions.get(alice, three.session().id()).toolUseId());
  }

  @Test
  void aWrongByOrderGuessIsCorrectedByTheKeysOfForegroundSpawns() {
    claims.recordSpawn(alice, CC, "toolu_a", "alpha", "first", "general-purpose", false);
    claims.recordSpawn(alice, CC, "toolu_b", "beta", "second", "general-purpose", false);
    ClaimResult x = claims.claimSubagent(alice, CC, "agentx", "general-purpose", null, null, 0);
    ClaimResult y = claims.claimSubagent(alice, CC, "agenty", "general-purpose", null, null, 0);
    assertEquals("alpha", x.session().name(), "oldest first while no key exists");
    // The keys say x was beta and y alpha (meta file at the first tool call).
    claims.activity(alice, CC, "agentx", "toolu_b");
    claims.stop(alice, CC, "agenty", "toolu_a");
    Session sx = sessions.get(alice, x.session().id());
    Session sy = sessions.get(alice, y.session().id());
    assertEquals("beta", sx.name());
    assertEquals("second", sx.description());
    assertEquals("exact", sx.pairing());
    assertEquals("alpha", sy.name());
    assertEquals("first", sy.description());
    assertEquals("stopped", sy.closedReason());
    assertEquals(SessionStatus.CLOSED, sy.status());
  }

  @Test
  void subagentStartWaitsBrieflyForTheBackgroundKey() throws Exception {
    claims.recordSpawn(alice, CC, "toolu_1", null, "one", "general-purpose", true);
    claims.recordSpawn(alice, CC, "toolu_2", null, "two", "general-purpose", true);
    var pool = Executors.newSingleThreadExecutor();
    try {
      Future<ClaimResult> f =
          pool.submit(
              () -> claims.claimSubagent(alice, CC, "late", "general-purpose", null, null, 2000));
      Thread.sleep(150);
      claims.spawned(alice, CC, "toolu_2", "late", "two", "general-purpose");
      ClaimResult r = f.get();
      assertEquals("two", r.session().description());
      assertEquals("exact", r.session().pairing());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSpawnThatNeverStartedIsForgotten() {
    claims.recordSpawn(alice, CC, "toolu_denied", "nope", "refused", "general-purpose", false);
    claims.spawned(alice, CC, "toolu_denied", null, null, null);
    ClaimResult r = claims.claimSubagent(alice, CC, "a1", "general-purpose", null, null, 0);
    assertEquals("general-purpose-a1", r.session().name());
  }

  @Test
  void endClosesTheLeadAndItsSubAgentsWithTheReasonAndOnlyThose() {
    claims.claim(alice, new ClaimRequest(CC, null, null, null, null, null, null, null, null, null));
    claims.claim(alice, sub("a1", "w1"));
    String otherCc =
        claims
            .claim(
                alice,
                new ClaimRequest("other", "a2", null, "w2", null, null, null, null, null, null))
            .session()
            .id();
    assertEquals(2, claims.end(alice, List.of(CC), "orphaned"));
    assertEquals("orphaned", sessions.list(alice, null, "w1", null, null).get(0).closedReason());
    assertEquals(SessionStatus.ACTIVE, sessions.get(alice, otherCc).status());
    assertEquals(0, claims.end(bob, List.of("other"), "orphaned"), "bob cannot end alice's");
  }

  @Test
  void expiryClosesOnlySessionsIdleLongerThanTheLimit() {
    String old = claims.claim(alice, sub("a1", "old")).session().id();
    clock.advance(Duration.ofHours(3));
    String fresh = claims.claim(alice, sub("a2", "fresh")).session().id();
    assertEquals(1, claims.expire(Duration.ofHours(2)));
    assertEquals("expired", sessions.get(alice, old).closedReason());
    assertEquals(SessionStatus.ACTIVE, sessions.get(alice, fresh).status());
  }

  @Test
  void badIdentityIsRefusedWithOneLineAndNothingStored() {
    var e =
        assertThrows(
            InvalidInputException.class,
            () ->
                claims.claim(
                    alice,
                    new ClaimRequest(
                        "bad id\n", null, null, null, null, null, null, null, null, null)));
    assertEquals(
        "cc_session_id must be 1-200 letters, digits or _ . : - characters", e.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            claims.claim(
                alice,
                new ClaimRequest(CC, "a", null, null, null, null, null, "guess", null, null)));
    assertEquals(0, sessions.list(alice, null, null, null, null).size());
  }

  @Test
  void aLateExactKeyTakesItsNameBackFromAWrongGuess() {
    claims.recordSpawn(alice, CC, "toolu_1", "par-1", "job 1", "general-purpose", true);
    claims.recordSpawn(alice, CC, "toolu_2", "par-2", "job 2", "general-purpose", true);
    // agent b starts without a key in time and guesses spawn 1, which is really agent a's
    ClaimResult b = claims.claimSubagent(alice, CC, "agentbbbb", "general-purpose", null, null, 0);
    assertEquals("par-1", b.session().name());
    claims.spawned(alice, CC, "toolu_1", "agentaaaa", "job 1", "general-purpose");
    ClaimResult a = claims.claimSubagent(alice, CC, "agentaaaa", "general-purpose", null, null, 0);
    assertEquals("par-1", a.session().name(), "the exact key wins the name, no suffix");
    assertEquals("job 1", a.session().description());
    Session guessed = sessions.get(alice, b.session().id());
    assertEquals("general-purpose-agentbbb", guessed.name());
    assertEquals("by-order", guessed.pairing());
    claims.spawned(alice, CC, "toolu_2", "agentbbbb", "job 2", "general-purpose");
    assertEquals("par-2", sessions.get(alice, b.session().id()).name());
    assertEquals("job 2", sessions.get(alice, b.session().id()).description());
  }
}
