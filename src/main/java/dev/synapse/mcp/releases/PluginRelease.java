package dev.synapse.mcp.releases;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
    @JsonProperty("created_at") Instant createdAt,
    @JsonIgnore Long ownerId) {

  /**
   * The agent that created it, or an admin, may delete it; anyone with the release role sees it.
   */
  public boolean ownedBy(dev.synapse.mcp.agents.Agent agent) {
    return agent.isAdmin() || (ownerId != null && ownerId == agent.id());
  }

  /** This release found at {@code folder} (stores return rows without a path). */
  PluginRelease at(String folder) {
    return new PluginRelease(
        id, code, version, source, sha256, size, actions, config, folder, createdAt, ownerId);
  }

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
