package dev.synapse.mcp.runs.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.ray.ClusterPythonCheck;
import dev.synapse.mcp.runs.RayCluster;
import dev.synapse.mcp.runs.RunExecutor;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/** The {@code job} executor for the server's assembly (its classes stay package-private). */
public final class JobMode {
  private JobMode() {}

  /**
   * {@code job} mode against the cluster's Jobs API (polls every 500 ms; 30 s of silence = lost; a
   * job that asked for resources and is still PENDING after {@code pendingLimitS} is stopped).
   */
  public static RunExecutor executor(
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
