package dev.synapse.mcp.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Keys against a real SQLite file: create, list, revoke, and the key-less local agents. */
class KeyServiceTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private Path dir;
  private Database db;
  private MutableClock clock;
  private KeyService keys;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("keys-test");
    db = Database.open(dir.resolve("k.db"), 1);
    clock = new MutableClock(T0);
    keys = new KeyService(SqliteStores.on(db).keys(), clock);
  }

  @AfterEach
  void tearDown() {
    db.close();
    TempDirs.delete(dir);
  }

  @Test
  void listShowsLiveAndRevokedKeysWithTheirTimes() {
    assertFalse(keys.anyKeys());
    String a = keys.create("alice", EnumSet.of(Role.SESSION, Role.RUN));
    keys.create("bob", EnumSet.of(Role.ADMIN));
    assertTrue(keys.anyKeys());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, keys.revoke("bob"));
    assertEquals(0, keys.revoke("bob"), "nothing left to revoke");
    assertEquals(0, keys.revoke("nobody"));
    List<ApiKeyInfo> list = keys.list();
    assertEquals(List.of("alice", "bob"), list.stream().map(ApiKeyInfo::agent).toList());
    ApiKeyInfo alice = list.get(0);
    assertEquals(List.of("run", "session"), alice.roles().stream().sorted().toList());
    assertEquals(T0, alice.createdAt());
    assertNull(alice.revokedAt(), "a live key has no revoked time");
    assertTrue(a.startsWith(alice.prefix()), alice.prefix());
    assertEquals(T0.plus(Duration.ofMinutes(5)), list.get(1).revokedAt());
    assertTrue(keys.authenticate(a).isPresent());
  }

  @Test
  void localAgentsNeedNoKeyAndKeepTheirId() {
    Agent cli = keys.local("cli");
    assertEquals("cli", cli.name());
    assertTrue(cli.isAdmin());
    assertEquals(cli.id(), keys.local("cli").id());
    Agent anon = keys.anonymous();
    assertEquals("anonymous", anon.name());
    assertFalse(anon.id() == cli.id());
    assertFalse(keys.anyKeys(), "local agents are not keys");
  }
}
