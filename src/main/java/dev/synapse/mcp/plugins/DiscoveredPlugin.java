package dev.synapse.mcp.plugins;

import java.nio.file.Path;
import java.util.Map;

/**
 * What discovery found in one folder: a plugin, or the reason it cannot be used. {@code
 * actionErrors} names actions whose entrypoint module is visibly missing, without hiding the
 * actions that are fine.
 */
public record DiscoveredPlugin(
    Path dir, PluginManifest manifest, String error, Map<String, String> actionErrors) {
  public boolean ok() {
    return manifest != null;
  }

  public Plugin plugin() {
    return new Plugin(dir, manifest);
  }
}
