package dev.synapse.mcp.runs;

import dev.synapse.mcp.plugins.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin's requirements as pip lines for a Ray {@code runtime_env}: the manifest's {@code
 * package_manager_options} first (Ray writes the lines into a requirements file, where options are
 * allowed), then {@code requirements.txt} without comments, then a run's extra requirements.
 */
final class PipRequirements {
  private PipRequirements() {}

  static List<String> of(Plugin plugin, List<String> extra) {
    List<String> packages = new ArrayList<>();
    Path file = plugin.dir().resolve("requirements.txt");
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          String l = line.replaceAll("(^|\\s)#.*$", "").strip();
          if (!l.isEmpty()) {
            packages.add(l);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    if (extra != null) {
      packages.addAll(extra);
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
