package dev.synapse.mcp.errors;

/**
 * Something this call depends on (the plugin store, a cluster) cannot be reached or answered
 * wrongly; retrying later may work.
 */
public non-sealed class UnavailableException extends RequestException {
  public UnavailableException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.UNAVAILABLE;
  }
}
