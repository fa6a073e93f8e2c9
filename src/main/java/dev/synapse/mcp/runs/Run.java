package dev.synapse.mcp.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A run as stored (and, while it is live, with its latest progress and message). */
public record Run(
    String id,
    String agent,
    @JsonProperty("session_id") String sessionId,
    String plugin,
    @JsonProperty("plugin_version") String pluginVersion,
    String action,
    ExecutionMode mode,
    RunStatus status,
    JsonNode params,
    JsonNode result,
    String error,
    String message,
    JsonNode progress,
    JsonNode metrics,
    JsonNode handle,
    @JsonProperty("timeout_s") Integer timeoutS,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("finished_at") Instant finishedAt) {

  @JsonProperty("duration_s")
  public Double durationS() {
    if (startedAt == null) {
      return null;
    }
    Instant end = finishedAt == null ? Instant.now() : finishedAt;
    return Math.round((end.toEpochMilli() - startedAt.toEpochMilli()) / 100.0) / 10.0;
  }

  Run withLive(String liveMessage, JsonNode liveProgress, JsonNode liveMetrics) {
    return new Run(
        id,
        agent,
        sessionId,
        plugin,
        pluginVersion,
        action,
        mode,
        status,
        params,
        result,
        error,
        liveMessage == null ? message : liveMessage,
        liveProgress == null ? progress : liveProgress,
        liveMetrics == null ? metrics : liveMetrics,
        handle,
        timeoutS,
        jobId,
        createdAt,
        startedAt,
        finishedAt);
  }
}
