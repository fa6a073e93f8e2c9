package dev.synapse.mcp.errors;

/** The thing exists but is in a state that refuses this operation. */
public non-sealed class ConflictException extends RequestException {
  public ConflictException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.CONFLICT;
  }
}
