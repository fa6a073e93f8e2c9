package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RunnerCommand;
import java.util.concurrent.ExecutorService;

/**
 * Builds the executors of each mode for the server's assembly (their classes stay package-private).
 */
public final class RunExecutors {
  private RunExecutors() {}

  public static RunExecutor local(
      PythonEnvironments environments,
      RunnerCommand runner,
      ObjectMapper json,
      ExecutorService threads) {
    return new LocalExecutor(environments, runner, json, threads);
  }
}
