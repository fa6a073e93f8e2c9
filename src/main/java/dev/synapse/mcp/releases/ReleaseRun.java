package dev.synapse.mcp.releases;

import dev.synapse.mcp.runs.Run;

/**
 * A run started from a release ({@code release} is its code@version) or from a source folder
 * ({@code debugCopy} is the private copy it runs in, when one was needed); {@code note} says when
 * the mode differs from what the action asked for.
 */
public record ReleaseRun(Run run, String release, String note, String debugCopy) {}
