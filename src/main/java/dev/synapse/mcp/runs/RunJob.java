package dev.synapse.mcp.runs;

import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.EnvironmentSpec;
import dev.synapse.mcp.plugins.Plugin;
import java.nio.file.Path;
import java.util.List;

/** Everything an executor needs to carry out one accepted run. */
public record RunJob(
    String runId,
    Plugin plugin,
    ActionSpec action,
    Path paramsFile,
    List<String> requirements,
    Integer timeoutS,
    long agentId,
    EnvironmentSpec env) {

  /** Without an environment: modes that install on the cluster, not here. */
  public RunJob(
      String runId,
      Plugin plugin,
      ActionSpec action,
      Path paramsFile,
      List<String> requirements,
      Integer timeoutS,
      long agentId) {
    this(runId, plugin, action, paramsFile, requirements, timeoutS, agentId, null);
  }
}
