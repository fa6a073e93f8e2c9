package dev.synapse.mcp.releases;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A cached release as callers see it. {@code plugin} repeats {@code code} because the agent client
 * prints {@code release['plugin']}.
 */
public record PluginRelease(
    long id,
    String code,
    String version,
    String source,
    String sha256,
    long size,
    List<String> actions,
    JsonNode config,
    String path,
    @JsonProperty("created_at") Instant createdAt) {

  @JsonProperty("plugin")
  public String plugin() {
    return code;
  }

  /** The canonical {@code code@version}. */
  @JsonProperty("lookup")
  public String ref() {
    return code + "@" + version;
  }
}
