package dev.synapse.mcp.errors;

/**
 * A problem with what the caller asked for. Its message is one line a model or a person can act on;
 * every edge (MCP, REST, CLI) shows it as is. Anything else that escapes a service is a server
 * fault and is logged instead.
 */
public abstract sealed class RequestException extends RuntimeException
    permits InvalidInputException,
        NotFoundException,
        ConflictException,
        ForbiddenException,
        UnavailableException,
        BusyException {

  /** How the edges classify it (HTTP status, error field). */
  public enum Kind {
    INVALID(400),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    BUSY(429),
    UNAVAILABLE(503);

    public final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }
  }

  protected RequestException(String message) {
    super(message, null, false, false);
  }

  public abstract Kind kind();
}
