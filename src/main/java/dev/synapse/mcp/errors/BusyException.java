package dev.synapse.mcp.errors;

/**
 * The caller already holds as many long calls as it may; answered at once (MCP {@code isError},
 * REST 429 with {@code Retry-After}) instead of queueing behind its own waits.
 */
public final class BusyException extends RequestException {
  private final int retryAfterSeconds;

  public BusyException(String message, int retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public Kind kind() {
    return Kind.BUSY;
  }
}
