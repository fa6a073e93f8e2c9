package dev.synapse.mcp.runs;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.synapse.mcp.errors.InvalidInputException;
import java.util.Locale;

/** Where a run executes: a child process here, a warm Ray actor, or a Ray job. */
public enum ExecutionMode {
  LOCAL,
  TASK,
  JOB;

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionMode parse(String text) {
    for (ExecutionMode m : values()) {
      if (m.wire().equals(text)) {
        return m;
      }
    }
    throw new InvalidInputException("mode must be local, task or job; got '" + text + "'");
  }
}
