package dev.synapse.mcp.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.ForbiddenException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import dev.synapse.mcp.testing.MutableClock;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionLifecycleTest {
  private Path dir;
  private Database db;
  private MutableClock clock;
  private SessionService sessions;
  private Agent alice;
  private Agent bob;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("sessions-test");
    db = Database.open(dir.resolve("s.db"), 2);
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
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

  @Test
  void sessionGoesInactiveAfterAnHourAndHeartbeatRevivesIt() {
    Session s = sessions.create(alice, "worker", "trains things", null);
    assertEquals(SessionStatus.ACTIVE, s.status());
    clock.advance(Duration.ofMinutes(59));
    assertEquals(SessionStatus.ACTIVE, sessions.get(alice, s.id()).status());
    clock.advance(Duration.ofMinutes(1));
    assertEquals(SessionStatus.INACTIVE, sessions.get(alice, s.id()).status());
    assertEquals(List.of(s.id()), ids(sessions.list(alice, "inactive", null, null, null)));
    assertEquals(List.of(), ids(sessions.list(alice, "active", null, null, null)));

    Session beat = sessions.heartbeat(alice, s.id());
    assertEquals(SessionStatus.ACTIVE, beat.status());
    assertEquals(1, beat.heartbeats());
    assertEquals(clock.instant(), beat.lastActiveAt());
    assertEquals(List.of(s.id()), ids(sessions.list(alice, "active", null, null, null)));
  }

  @Test
  void closeIsIdempotentAndReopenRevivesClosedAndInactive() {
    Session s = sessions.create(alice, "worker", null, null);
    Session closed = sessions.close(alice, s.id());
    assertEquals(SessionStatus.CLOSED, closed.status());
    assertNotNull(closed.closedAt());
    clock.advance(Duration.ofMinutes(5));
    Session again = sessions.close(alice, s.id());
    assertEquals(closed.closedAt(), again.closedAt(), "closing twice keeps the first close time");

    var refused = assertThrows(ConflictException.class, () -> sessions.heartbeat(alice, s.id()));
    assertTrue(refused.getMessage().contains("reopen_session"), refused.getMessage());

    Session reopened = sessions.reopen(alice, s.id());
    assertEquals(SessionStatus.ACTIVE, reopened.status());
    assertNull(reopened.closedAt());

    clock.advance(Duration.ofHours(2));
    assertEquals(SessionStatus.INACTIVE, sessions.get(alice, s.id()).status());
    assertEquals(SessionStatus.ACTIVE, sessions.reopen(alice, s.id()).status());
  }

  @Test
  void anotherAgentsSessionIsNotFoundAndUntouched() {
    Session s = sessions.create(alice, "private", null, null);
    assertThrows(NotFoundException.class, () -> sessions.get(bob, s.id()));
    assertThrows(NotFoundException.class, () -> sessions.close(bob, s.id()));
    assertThrows(NotFoundException.class, () -> sessions.heartbeat(bob, s.id()));
    assertEquals(List.of(), sessions.list(bob, null, null, null, null));
    assertEquals(SessionStatus.ACTIVE, sessions.get(alice, s.id()).status());
    assertEquals(0, sessions.get(alice, s.id()).heartbeats());
  }

  @Test
  void badInputsGetClearErrorsAndChangeNothing() {
    sessions.create(alice, "keep", null, null);
    var before = sessions.list(alice, null, null, null, null);

    assertMessage(
        InvalidInputException.class, "not a UUID", () -> sessions.get(alice, "not-a-uuid"));
    assertMessage(
        NotFoundException.class,
        "not found",
        () -> sessions.close(alice, "00000000-0000-0000-0000-000000000000"));
    assertMessage(
        InvalidInputException.class,
        "at most 200",
        () -> sessions.create(alice, "x".repeat(201), null, null));
    assertMessage(
        InvalidInputException.class, "required", () -> sessions.create(alice, "  ", null, null));
    assertMessage(
        InvalidInputException.class,
        "format characters",
        () -> sessions.create(alice, "invoice\u202Etxt.exe", null, null));
    assertMessage(
        InvalidInputException.class,
        "status must be one of",
        () -> sessions.list(alice, "sleeping", null, null, null));
    assertMessage(
        InvalidInputException.class,
        "ISO-8601",
        () -> sessions.create(alice, "n", null, "tomorrow"));
    assertMessage(
        InvalidInputException.class,
        "after the latest allowed",
        () -> sessions.create(alice, "n", null, "+1000000000-01-01T00:00:00Z"));
    assertMessage(
        InvalidInputException.class,
        "after the latest allowed",
        () -> sessions.create(alice, "n", null, "+292278994-08-17T07:12:55.807Z"));
    assertMessage(
        InvalidInputException.class, "limit", () -> sessions.list(alice, null, null, 0, null));

    assertEquals(before, sessions.list(alice, null, null, null, null));
  }

  @Test
  void expiredSessionReadsClosedAndReopenClearsTheExpiry() {
    Session s = sessions.create(alice, "short", null, "2026-01-01T00:10:00Z");
    clock.advance(Duration.ofMinutes(11));
    assertEquals(SessionStatus.CLOSED, sessions.get(alice, s.id()).status());
    assertEquals(List.of(s.id()), ids(sessions.list(alice, "closed", null, null, null)));
    Session reopened = sessions.reopen(alice, s.id());
    assertEquals(SessionStatus.ACTIVE, reopened.status());
    assertNull(reopened.expiresAt());
  }

  @Test
  void listFiltersByNameAndStatusNewestFirst() {
    Session a = sessions.create(alice, "w", null, null);
    clock.advance(Duration.ofSeconds(1));
    Session b = sessions.create(alice, "w", null, null);
    sessions.create(alice, "other", null, null);
    sessions.close(alice, a.id());
    assertEquals(List.of(b.id(), a.id()), ids(sessions.list(alice, null, "w", null, null)));
    assertEquals(List.of(b.id()), ids(sessions.list(alice, "open", "w", null, null)));
    assertEquals(List.of(a.id()), ids(sessions.list(alice, "closed", "w", null, null)));
  }

  @Test
  void onlyAdminsSeeOtherAgentsAndKeysWithoutSessionRoleAreRefused() {
    sessions.create(alice, "a1", null, null);
    assertThrows(ForbiddenException.class, () -> sessions.list(bob, null, null, null, "*"));
    var admin = new Agent(999, "root", EnumSet.of(Role.ADMIN));
    assertEquals(1, sessions.list(admin, null, null, null, "alice").size());
    var runner = new Agent(998, "runner", EnumSet.of(Role.RUN));
    var e = assertThrows(ForbiddenException.class, () -> sessions.create(runner, "x", null, null));
    assertTrue(e.getMessage().contains("'session'"), e.getMessage());
  }

  private static List<String> ids(List<Session> list) {
    return list.stream().map(Session::id).toList();
  }

  private static void assertMessage(
      Class<? extends RuntimeException> type, String fragment, Runnable call) {
    RuntimeException e = assertThrows(type, call::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
