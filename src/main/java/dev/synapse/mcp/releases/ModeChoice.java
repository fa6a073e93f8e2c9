package dev.synapse.mcp.releases;

import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.runs.ExecutionMode;
import java.util.function.Predicate;

/**
 * The mode a release's action runs in: the caller's, else the one its {@code method} asks for
 * ({@code job} → job, {@code task} → task), else local; local as well, with a note, when this
 * server has no executor for the wanted mode (Ray not configured).
 */
record ModeChoice(String mode, String note) {

  static ModeChoice of(String requested, ActionSpec action, Predicate<ExecutionMode> available) {
    if (requested != null) {
      return new ModeChoice(requested, null);
    }
    ExecutionMode wanted =
        switch (action.method()) {
          case "job" -> ExecutionMode.JOB;
          case "task" -> ExecutionMode.TASK;
          default -> ExecutionMode.LOCAL;
        };
    if (available.test(wanted)) {
      return new ModeChoice(wanted.wire(), null);
    }
    return new ModeChoice(
        ExecutionMode.LOCAL.wire(),
        "action '"
            + action.name()
            + "' asks for mode '"
            + wanted.wire()
            + "' (method "
            + action.method()
            + ") but Ray is not configured here, so it ran in local mode");
  }
}
