package dev.synapse.mcp.releases;

/** Caps on one release archive: bytes fetched, bytes unpacked, and entries. */
public record ArchiveLimits(long maxBytes, int maxEntries) {}
