package dev.synapse.mcp.releases;

import java.util.List;
import java.util.Map;

/**
 * A request to run an action straight from a plugin's source folder. {@code config} is merged over
 * the folder's config.yaml; {@code modules} is either a map of dotted module name to source, or (as
 * the v1 CLI sends it) a list of module paths under the plugin roots.
 */
public record DebugRunRequest(
    String action,
    Object params,
    String pluginPath,
    Map<String, Object> config,
    Object modules,
    List<String> requirements,
    String jobId,
    String mode,
    String runId,
    Integer timeoutS) {}
