package dev.synapse.mcp.releases;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.InvalidFieldException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.errors.UnavailableException;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.runs.RunService;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Debug runs: an action straight from a source folder under the plugin roots (confined like any
 * plugin path), in a private copy when config or modules are overridden. Copies stay a day for
 * their logs and tracebacks, then go once their runs are over.
 */
final class DebugRuns {
  private static final Duration KEEP_COPIES = Duration.ofHours(24);
  private final PluginService plugins;
  private final RunService runs;
  private final ActionStarter starter;
  private final DebugCopies copies;

  DebugRuns(PluginService plugins, RunService runs, ActionStarter starter, DebugCopies copies) {
    this.plugins = plugins;
    this.runs = runs;
    this.starter = starter;
    this.copies = copies;
  }

  ReleaseRun run(Agent agent, DebugRunRequest req) {
    var run =
        new ReleaseRunRequest(
                req.action(),
                req.params(),
                req.requirements(),
                req.jobId(),
                null,
                req.mode(),
                req.runId(),
                req.timeoutS())
            .resolved();
    Plugin source = sourceOf(req);
    copies.sweep(KEEP_COPIES, dir -> !runs.unfinishedAt(dir).isEmpty());
    Plugin plugin;
    try {
      plugin = copies.prepare(source, req.config(), req.modules());
    } catch (IOException e) {
      LoggerFactory.getLogger(DebugRuns.class)
          .error("cannot make a private copy of {}: {}", source.dir(), e.toString());
      throw new UnavailableException(
          "cannot make a private copy of plugin " + source.code() + "; the server log says why");
    }
    String copy = plugin == source ? null : plugin.dir().toString();
    try {
      return starter.start(agent, plugin, run, null, copy);
    } catch (RuntimeException e) {
      copies.discard(plugin);
      throw e;
    }
  }

  private Plugin sourceOf(DebugRunRequest req) {
    String path = req.pluginPath();
    if (path == null || path.isBlank()) {
      Object code = req.config() == null ? null : req.config().get("code");
      if (!(code instanceof String c)) {
        throw new InvalidFieldException(
            "plugin_path",
            "plugin_path is required: a plugin source folder under the plugin roots");
      }
      path = c;
    }
    try {
      return plugins.resolve(path);
    } catch (InvalidInputException | NotFoundException e) {
      // for a debug run the folder is an input like any other: a bad one is a 400, not a 404
      throw new InvalidFieldException("plugin_path", e.getMessage());
    }
  }
}
