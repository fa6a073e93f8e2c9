package dev.synapse.mcp.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RunnerCommand;
import dev.synapse.mcp.ray.ClusterPythonCheck;
import java.nio.file.Path;
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

  /**
   * {@code job} mode against the cluster's Jobs API (polls every 500 ms; 30 s of silence = lost; a
   * job that asked for resources and is still PENDING after {@code pendingLimitS} is stopped).
   */
  public static RunExecutor rayJob(
      RayCluster cluster,
      Path runnerDir,
      ObjectMapper json,
      ExecutorService threads,
      int pendingLimitS) {
    return new RayJobExecutor(
        new RayJobClient(cluster, json),
        runnerDir,
        json,
        threads,
        500,
        30_000,
        new ClusterPythonCheck(cluster.dashboardUrl(), cluster.token()),
        pendingLimitS * 1000L);
  }
}
