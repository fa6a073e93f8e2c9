package dev.synapse.mcp.plugins;

import java.nio.file.Path;

/** A usable plugin: its folder and its manifest. */
public record Plugin(Path dir, PluginManifest manifest) {
  public String code() {
    return manifest.code();
  }

  public String version() {
    return manifest.version();
  }

  public String ref() {
    return manifest.ref();
  }
}
