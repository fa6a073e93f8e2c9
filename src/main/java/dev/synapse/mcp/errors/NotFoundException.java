package dev.synapse.mcp.errors;

/** The thing named does not exist, or belongs to another agent. */
public non-sealed class NotFoundException extends RequestException {
  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.NOT_FOUND;
  }
}
