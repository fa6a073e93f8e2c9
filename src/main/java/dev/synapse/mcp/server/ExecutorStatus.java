package dev.synapse.mcp.server;

import dev.synapse.mcp.runs.RayCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private final HttpClient http;
  private volatile Map<String, Object> cached;
  private volatile long cachedAt;

  ExecutorStatus(RayCluster ray) {
    this.ray = ray;
    this.http =
        ray == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
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
      task.put("available", problem == null);
      task.put("ray_address", ray.gcsAddress());
      if (problem != null) {
        task.put("reason", "Ray GCS at " + ray.gcsAddress() + " is not reachable: " + problem);
      }
      out.put("task", task);
    }
    var job = new LinkedHashMap<String, Object>();
    job.put("dashboard", ray.dashboardUrl());
    try {
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(ray.dashboardUrl() + "/api/version"))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      job.put("available", res.statusCode() == 200);
      if (res.statusCode() == 200) {
        var v = Json.mapper().readTree(res.body()).path("ray_version").asText(null);
        job.put("ray_version", v);
      } else {
        job.put("reason", "the Ray dashboard answered HTTP " + res.statusCode());
      }
    } catch (Exception e) {
      job.put("available", false);
      job.put(
          "reason",
          "the Ray Jobs API at "
              + ray.dashboardUrl()
              + " is not reachable: "
              + e.getClass().getSimpleName());
    }
    out.put("job", job);
    return out;
  }
}
