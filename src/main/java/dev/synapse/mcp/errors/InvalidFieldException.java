package dev.synapse.mcp.errors;

/**
 * Invalid input that one named field is to blame for, so REST can answer {@code {field: [message]}}
 * as the agent clients expect; everywhere else it reads as its message.
 */
public class InvalidFieldException extends InvalidInputException {
  private final String field;

  public InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
