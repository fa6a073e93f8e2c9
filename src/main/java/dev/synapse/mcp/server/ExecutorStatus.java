package dev.synapse.mcp.server;

import dev.synapse.mcp.ray.ClusterInfo;
import dev.synapse.mcp.ray.ClusterProbe;
import dev.synapse.mcp.ray.RayTokenRejectedException;
import dev.synapse.mcp.runs.RayCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which executors this server can use right now, as checkin and health report it. Ray's
 * reachability is probed (GCS port, dashboard {@code /api/version}) at most every few seconds and
 * never for longer than a second or two, so neither caller waits on a dead cluster.
 */
final class ExecutorStatus {
  private static final long CACHE_MS = 5000;
  private final RayCluster ray;
  private volatile Map<String, Object> cached;
  private volatile long cachedAt;

  ExecutorStatus(RayCluster ray) {
    this.ray = ray;
  }

  Map<String, Object> summary() {
    long now = System.currentTimeMillis();
    Map<String, Object> c = cached;
    if (c != null && now - cachedAt < CACHE_MS) {
      return c;
    }
    c = probe();
    cached = c;
    cachedAt = now;
    return c;
  }

  /** Each mode with 1 when it can start runs now, else 0 (for /metrics). */
  Map<String, Long> availability() {
    var out = new java.util.TreeMap<String, Long>();
    summary()
        .forEach(
            (mode, v) ->
                out.put(
                    mode,
                    v instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("available")) ? 1L : 0L));
    return out;
  }

  private Map<String, Object> probe() {
    var out = new LinkedHashMap<String, Object>();
    out.put("local", Map.of("available", true));
    if (ray == null) {
      String reason = "Ray is not configured: set RAY_ADDRESS (and SYNAPSE_RAY_DASHBOARD for jobs)";
      out.put("task", Map.of("available", false, "reason", reason));
      out.put("job", Map.of("available", false, "reason", reason));
      return out;
    }
    ClusterInfo info = null;
    String dashboardProblem = null;
    try {
      info = new ClusterProbe(ray.dashboardUrl(), ray.token(), Duration.ofSeconds(2)).probe();
    } catch (RayTokenRejectedException e) {
      dashboardProblem = e.getMessage();
    } catch (Exception e) {
      dashboardProblem =
          "the Ray Jobs API at "
              + ray.dashboardUrl()
              + " is not reachable: "
              + (e instanceof java.io.IOException && e.getMessage() != null
                  ? e.getMessage()
                  : e.getClass().getSimpleName());
    }
    if (ray.gcsAddress() == null) {
      out.put(
          "task",
          Map.of(
              "available",
              false,
              "reason",
              "Ray is not configured: set RAY_ADDRESS for task mode"));
    } else {
      String problem = ray.gcsProblem(1000);
      var task = new LinkedHashMap<String, Object>();
      task.put("ray_address", ray.gcsAddress());
      putVersions(task, info);
      if (problem != null) {
        task.put("reason", "Ray GCS at " + ray.gcsAddress() + " is not reachable: " + problem);
      } else if (info != null && !info.javaDriverMatches() && ray.driverPython() == null) {
        task.put("reason", info.javaMismatch());
      } else if (info != null) {
        task.put("driver", info.javaDriverMatches() ? "java" : "python");
      }
      task.put("available", !task.containsKey("reason"));
      out.put("task", task);
    }
    var job = new LinkedHashMap<String, Object>();
    job.put("dashboard", ray.dashboardUrl());
    job.put("available", info != null);
    putVersions(job, info);
    if (dashboardProblem != null) {
      job.put("reason", dashboardProblem);
    }
    out.put("job", job);
    return out;
  }

  private static void putVersions(Map<String, Object> entry, ClusterInfo info) {
    if (info != null) {
      entry.put("ray_version", info.rayVersion());
      if (info.pythonVersion() != null) {
        entry.put("python_version", info.pythonVersion());
      }
    }
  }
}
