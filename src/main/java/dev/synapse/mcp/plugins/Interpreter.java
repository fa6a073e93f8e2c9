package dev.synapse.mcp.plugins;

import java.nio.file.Path;

/** An installed Python: the real executable behind a name (shims resolved) and its version. */
public record Interpreter(Path path, String version) {}
