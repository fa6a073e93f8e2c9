package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run state machine's table, move by move. */
class RunStatusTest {
  private static final Set<RunStatus> FROM_QUEUED =
      EnumSet.of(
          RunStatus.PREPARING,
          RunStatus.RUNNING,
          RunStatus.FAILED,
          RunStatus.CANCELLED,
          RunStatus.LOST);
  private static final Set<RunStatus> FROM_PREPARING =
      EnumSet.of(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.CANCELLED, RunStatus.LOST);
  private static final Set<RunStatus> FROM_RUNNING =
      EnumSet.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED, RunStatus.LOST);

  private static boolean allowed(RunStatus from, RunStatus to) {
    try {
      from.check(to, "run_x");
      return true;
    } catch (ConflictException e) {
      assertEquals(
          "run run_x is " + from.wire() + "; it cannot become " + to.wire(), e.getMessage());
      return false;
    }
  }

  @Test
  void everyMoveIsAllowedExactlyWhenTheTableSaysSo() {
    for (RunStatus from : RunStatus.values()) {
      for (RunStatus to : RunStatus.values()) {
        boolean expected =
            from == RunStatus.QUEUED && FROM_QUEUED.contains(to)
                || from == RunStatus.PREPARING && FROM_PREPARING.contains(to)
                || from == RunStatus.RUNNING && FROM_RUNNING.contains(to);
        assertEquals(expected, allowed(from, to), from + " -> " + to);
      }
    }
  }

  @Test
  void onlyTheEndStatesAreTerminal() {
    for (RunStatus s : RunStatus.values()) {
      assertEquals(
          s != RunStatus.QUEUED && s != RunStatus.PREPARING && s != RunStatus.RUNNING,
          s.terminal(),
          s.toString());
    }
  }

  @Test
  void wireNamesRoundTripAndAnythingElseIsRefused() {
    for (RunStatus s : RunStatus.values()) {
      assertEquals(s.name().toLowerCase(), s.wire());
      assertEquals(s, RunStatus.parse(s.wire()));
    }
    var e = assertThrows(InvalidInputException.class, () -> RunStatus.parse("Running"));
    assertEquals(
        "status must be one of queued, preparing, running, succeeded, failed, cancelled, lost; got 'Running'",
        e.getMessage());
  }
}
