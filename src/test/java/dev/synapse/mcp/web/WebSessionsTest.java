package dev.synapse.mcp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.testing.MutableClock;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dashboard sign-ins against a real SQLite key store: expiry, revocation, sign-out, CSRF. */
class WebSessionsTest {
  private Path dir;
  private Database db;
  private KeyService keys;
  private MutableClock clock;
  private WebSessions sessions;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("web-sessions");
    db = Database.open(dir.resolve("s.db"), 2);
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    keys = new KeyService(dev.synapse.mcp.store.sqlite.SqliteStores.on(db).keys(), clock);
    sessions = new WebSessions(keys, clock, Duration.ofMinutes(30));
  }

  @AfterEach
  void tearDown() {
    db.close();
    TempDirs.delete(dir);
  }

  @Test
  void aSignInLastsWhileUsedAndEndsAfterTheIdleLimit() {
    String key = keys.create("alice", KeyService.DEFAULT_ROLES);
    var s = sessions.signIn(key).orElseThrow();
    assertFalse(s.token().contains(key) || s.csrf().contains(key), "tokens are not the key");
    assertNotEquals(s.token(), s.csrf());
    clock.advance(Duration.ofMinutes(29));
    assertEquals("alice", sessions.find(s.token()).orElseThrow().agent().name());
    clock.advance(Duration.ofMinutes(29));
    assertTrue(sessions.find(s.token()).isPresent(), "each use restarts the idle time");
    clock.advance(Duration.ofMinutes(31));
    assertTrue(sessions.find(s.token()).isEmpty(), "idle past the limit: gone");
  }

  @Test
  void validityChecksDoNotCountAsUse() {
    String key = keys.create("erin", KeyService.DEFAULT_ROLES);
    var s = sessions.signIn(key).orElseThrow();
    clock.advance(Duration.ofMinutes(20));
    assertTrue(sessions.valid(s.token()));
    clock.advance(Duration.ofMinutes(20));
    assertFalse(sessions.valid(s.token()), "an open event stream alone does not keep a sign-in");
    assertFalse(sessions.valid(null));
  }

  @Test
  void revokingTheKeyEndsItsSignInAtOnce() {
    String key = keys.create("bob", KeyService.DEFAULT_ROLES);
    var s = sessions.signIn(key).orElseThrow();
    keys.revoke("bob");
    assertTrue(sessions.find(s.token()).isEmpty());
    assertTrue(sessions.signIn(key).isEmpty());
  }

  @Test
  void signOutForgetsTheTokenAndWrongKeysGetNothing() {
    String key = keys.create("carol", KeyService.DEFAULT_ROLES);
    var s = sessions.signIn(key).orElseThrow();
    sessions.signOut(s.token());
    assertTrue(sessions.find(s.token()).isEmpty());
    assertTrue(sessions.signIn("syn_wrong").isEmpty());
    assertTrue(sessions.signIn("").isEmpty());
    assertTrue(sessions.find("made-up").isEmpty());
  }

  @Test
  void csrfTokensMatchOnlyExactly() {
    String key = keys.create("dave", KeyService.DEFAULT_ROLES);
    var s = sessions.signIn(key).orElseThrow();
    assertTrue(WebSessions.csrfMatches(s, s.csrf()));
    assertFalse(WebSessions.csrfMatches(s, null));
    assertFalse(WebSessions.csrfMatches(s, ""));
    assertFalse(WebSessions.csrfMatches(s, s.csrf() + "x"));
  }

  @Test
  void htmlEscapingCoversTextAndAttributes() {
    assertEquals(
        "&lt;script&gt;a&amp;b&#34;c&#39;d&lt;/script&gt;",
        Html.escape("<script>a&b\"c'd</script>"));
    assertEquals("a b", Html.escape("a\u0000b"), "a control character does not reach the page");
    assertEquals(
        "<td title=\"&#34;&gt;&lt;x\">&lt;b&gt;</td>",
        new Html().el("td", "<b>", "title", "\"><x").toString());
  }
}
