package dev.synapse.mcp.ray;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.plugins.EnvironmentException;
import dev.synapse.mcp.plugins.PythonSpecifier;
import java.io.IOException;
import java.time.Duration;

/**
 * Refuses a Ray run of a plugin whose {@code requires.python} the cluster's Python does not meet,
 * before anything is submitted. The cluster is asked only for plugins that declare a Python, and
 * its answer is kept for a few seconds so a stream of runs costs one probe.
 */
public final class ClusterPythonCheck {
  private static final long KEEP_MS = 10_000;
  private final ClusterProbe probe;
  private ClusterInfo known;
  private long knownAt;

  public ClusterPythonCheck(String dashboardUrl, RayToken token) {
    this.probe = new ClusterProbe(dashboardUrl, token, Duration.ofSeconds(2));
  }

  /**
   * Null when the run may go ahead (no declared Python, or the cluster's is unknown), else one line
   * naming both versions.
   */
  public String refusal(String pluginRef, JsonNode manifest) {
    String requires = manifest.path("requires").path("python").asText(null);
    if (requires == null || requires.isBlank()) {
      return null;
    }
    ClusterInfo info = info();
    if (info == null || info.pythonVersion() == null) {
      return null;
    }
    try {
      if (PythonSpecifier.parse(requires).matches(info.pythonVersion())) {
        return null;
      }
    } catch (EnvironmentException e) {
      return e.getMessage();
    }
    return pluginRef
        + " requires Python "
        + requires.strip()
        + " but the Ray cluster runs Python "
        + info.pythonVersion()
        + " (Ray "
        + info.rayVersion()
        + "): run it in local mode or on a cluster whose Python matches";
  }

  private synchronized ClusterInfo info() {
    long now = System.currentTimeMillis();
    if (known == null || now - knownAt > KEEP_MS) {
      try {
        known = probe.probe();
        knownAt = now;
      } catch (IOException e) {
        return null;
      }
    }
    return known;
  }
}
