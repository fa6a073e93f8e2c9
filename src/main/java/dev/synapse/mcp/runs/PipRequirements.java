package dev.synapse.mcp.runs;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.RequirementRules;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin's requirements as pip lines for a Ray {@code runtime_env}: the manifest's {@code
 * package_manager_options} first (checked against the server's allowlist when the run was accepted;
 * Ray writes the lines into a requirements file, where options are allowed), then {@code
 * requirements.txt} without comments, then a run's extra requirements.
 */
public final class PipRequirements {
  private PipRequirements() {}

  public static List<String> of(Plugin plugin, List<String> extra) {
    List<String> packages =
        new ArrayList<>(RequirementRules.lines(plugin.dir().resolve("requirements.txt")));
    if (extra != null) {
      packages.addAll(extra);
    }
    // the run was checked when accepted; this guards against a file changed since
    for (String p : packages) {
      if (p.startsWith("-")) {
        throw new InvalidInputException("requirements.txt holds a pip option; refused");
      }
    }
    if (packages.isEmpty()) {
      return packages;
    }
    List<String> out = new ArrayList<>();
    plugin.manifest().config().path("package_manager_options").forEach(o -> out.add(o.asText()));
    out.addAll(packages);
    return out;
  }
}
