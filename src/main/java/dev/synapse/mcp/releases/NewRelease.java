package dev.synapse.mcp.releases;

/** Fields of a release row; {@code actions} and {@code config} are JSON text. */
public record NewRelease(
    ReleaseRef ref, String source, String sha256, long size, String actions, String config) {}
