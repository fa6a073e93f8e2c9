package dev.synapse.mcp.releases;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunRequest;
import dev.synapse.mcp.runs.RunService;

/** Starts an action of a resolved plugin (a cached release or a debug folder) on the run path. */
final class ActionStarter {
  private final PluginService plugins;
  private final RunService runs;

  ActionStarter(PluginService plugins, RunService runs) {
    this.plugins = plugins;
    this.runs = runs;
  }

  /** {@code req} must be resolved; {@code release} and {@code copy} only label the answer. */
  ReleaseRun start(Agent agent, Plugin plugin, ReleaseRunRequest req, String release, String copy) {
    ActionSpec action = plugins.action(plugin, req.action());
    ModeChoice mode = ModeChoice.of(req.mode(), action, runs::supports);
    Run run =
        runs.startPlugin(
            agent,
            plugin,
            new RunRequest(
                null,
                action.name(),
                req.params(),
                mode.mode(),
                null,
                req.timeoutS(),
                req.runId(),
                req.requirements(),
                req.jobId()));
    return new ReleaseRun(run, release, mode.note(), copy);
  }
}
