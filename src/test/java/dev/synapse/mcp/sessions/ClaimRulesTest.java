package dev.synapse.mcp.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.synapse.mcp.sessions.ClaimRules.Action;
import dev.synapse.mcp.sessions.ClaimRules.Held;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimRulesTest {
  private static final String CC = "cc-1";
  private static final String ME = "a1111111deadbeef";

  private static Held held(String id, SessionStatus st, String cc, String agent) {
    return new Held(id, st, cc, agent);
  }

  private static ClaimRules.Decision decide(Optional<Held> own, List<Held> named) {
    return ClaimRules.decide(own, named, "worker", CC, ME);
  }

  @Test
  void ownActiveSessionIsReusedEvenWhenOthersHaveTheName() {
    var d =
        decide(
            Optional.of(held("own", SessionStatus.ACTIVE, CC, ME)),
            List.of(held("other", SessionStatus.CLOSED, "x", "y")));
    assertEquals(Action.REUSED, d.action());
    assertEquals("own", d.id());
  }

  @Test
  void ownInactiveSessionIsRevivedAndOwnClosedOneReopened() {
    assertEquals(
        Action.REVIVED,
        decide(Optional.of(held("own", SessionStatus.INACTIVE, CC, ME)), List.of()).action());
    assertEquals(
        Action.REOPENED,
        decide(Optional.of(held("own", SessionStatus.CLOSED, CC, ME)), List.of()).action());
  }

  @Test
  void nothingKnownCreatesUnderTheName() {
    var d = decide(Optional.empty(), List.of());
    assertEquals(Action.CREATED, d.action());
    assertNull(d.id());
    assertEquals("worker", d.name());
  }

  @Test
  void newestClosedSessionOfTheNameIsReopened() {
    var d =
        decide(
            Optional.empty(),
            List.of(
                held("newer", SessionStatus.CLOSED, "old-cc", "a2"),
                held("older", SessionStatus.CLOSED, "old-cc", "a3")));
    assertEquals(Action.REOPENED, d.action());
    assertEquals("newer", d.id());
  }

  @Test
  void openSessionOfTheNameWinsOverANewerClosedOne() {
    var d =
        decide(
            Optional.empty(),
            List.of(
                held("closed", SessionStatus.CLOSED, "cc", "a2"),
                held("idle", SessionStatus.INACTIVE, "cc", "a3")));
    assertEquals(Action.REVIVED, d.action());
    assertEquals("idle", d.id());
  }

  @Test
  void activeSessionWithoutHolderIsReused() {
    var d = decide(Optional.empty(), List.of(held("manual", SessionStatus.ACTIVE, null, null)));
    assertEquals(Action.REUSED, d.action());
    assertEquals("manual", d.id());
  }

  @Test
  void activeSessionHeldByAnotherLiveAgentIsNotSharedButSuffixed() {
    var d = decide(Optional.empty(), List.of(held("busy", SessionStatus.ACTIVE, CC, "b2222222")));
    assertEquals(Action.CREATED, d.action());
    assertEquals("worker-a1111111", d.name());
  }

  @Test
  void activeSessionHeldBySameAgentIdInAnotherClaudeSessionIsNotShared() {
    var d = decide(Optional.empty(), List.of(held("busy", SessionStatus.ACTIVE, "other-cc", ME)));
    assertEquals(Action.CREATED, d.action());
  }

  @Test
  void theLeadsShortIdIsLead() {
    assertEquals("lead", ClaimRules.shortId(null));
    assertEquals("abc", ClaimRules.shortId("abc"));
  }
}
