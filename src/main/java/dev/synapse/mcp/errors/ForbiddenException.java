package dev.synapse.mcp.errors;

/** The caller's key lacks what this call needs. */
public non-sealed class ForbiddenException extends RequestException {
  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.FORBIDDEN;
  }
}
