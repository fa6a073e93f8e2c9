package dev.synapse.mcp.store;

/**
 * Every SQL failure leaves the store as this one unchecked type; the message is safe to log, never
 * sent.
 */
public final class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
