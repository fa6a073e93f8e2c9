package dev.synapse.mcp.runs;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.InvalidInputException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A run's state machine: one table of legal moves, one method that refuses the rest. */
public enum RunStatus {
  QUEUED,
  PREPARING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  LOST;

  private static final Map<RunStatus, Set<RunStatus>> NEXT =
      Map.of(
          QUEUED, EnumSet.of(PREPARING, RUNNING, FAILED, CANCELLED, LOST),
          PREPARING, EnumSet.of(RUNNING, FAILED, CANCELLED, LOST),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, LOST),
          SUCCEEDED, EnumSet.noneOf(RunStatus.class),
          FAILED, EnumSet.noneOf(RunStatus.class),
          CANCELLED, EnumSet.noneOf(RunStatus.class),
          LOST, EnumSet.noneOf(RunStatus.class));

  public boolean terminal() {
    return NEXT.get(this).isEmpty();
  }

  public void check(RunStatus to, String runId) {
    if (!NEXT.get(this).contains(to)) {
      throw new ConflictException(
          "run " + runId + " is " + wire() + "; it cannot become " + to.wire());
    }
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus parse(String text) {
    for (RunStatus s : values()) {
      if (s.wire().equals(text)) {
        return s;
      }
    }
    throw new InvalidInputException(
        "status must be one of queued, preparing, running, succeeded, failed, cancelled, lost; got '"
            + text
            + "'");
  }
}
