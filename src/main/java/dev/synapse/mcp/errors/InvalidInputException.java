package dev.synapse.mcp.errors;

/** The caller's input is malformed or breaks a rule. */
public non-sealed class InvalidInputException extends RequestException {
  public InvalidInputException(String message) {
    super(message);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID;
  }
}
