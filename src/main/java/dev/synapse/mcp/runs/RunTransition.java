package dev.synapse.mcp.runs;

/**
 * One status change of a run, with what it records: build it from {@link #to} and add only what the
 * change sets. Fields left null keep their stored values.
 */
public record RunTransition(
    RunStatus to,
    String reason,
    String result,
    String error,
    String message,
    String progress,
    String metrics) {

  public static RunTransition to(RunStatus to, String reason) {
    return new RunTransition(to, reason, null, null, null, null, null);
  }

  public RunTransition result(String json) {
    return new RunTransition(to, reason, json, error, message, progress, metrics);
  }

  public RunTransition error(String text) {
    return new RunTransition(to, reason, result, text, message, progress, metrics);
  }

  public RunTransition message(String text) {
    return new RunTransition(to, reason, result, error, text, progress, metrics);
  }

  /** The last progress and metrics of a live run, saved with its end. */
  public RunTransition live(String progressJson, String metricsJson) {
    return new RunTransition(to, reason, result, error, message, progressJson, metricsJson);
  }
}
