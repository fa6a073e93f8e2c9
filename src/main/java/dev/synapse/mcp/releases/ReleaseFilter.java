package dev.synapse.mcp.releases;

/** A list filter; null fields filter nothing. */
public record ReleaseFilter(String code, String version) {
  public static final ReleaseFilter NONE = new ReleaseFilter(null, null);
}
