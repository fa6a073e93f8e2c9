package dev.synapse.mcp.runs.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RunnerCommand;
import dev.synapse.mcp.runs.RunExecutor;
import java.util.concurrent.ExecutorService;

/** The {@code local} executor for the server's assembly (its classes stay package-private). */
public final class LocalMode {
  private LocalMode() {}

  /** Runs in a child process on this machine, in the plugin's own Python environment. */
  public static RunExecutor executor(
      PythonEnvironments environments,
      RunnerCommand runner,
      ObjectMapper json,
      ExecutorService threads) {
    return new LocalExecutor(environments, runner, json, threads);
  }
}
