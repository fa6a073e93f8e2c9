package dev.synapse.mcp.plugins;

/**
 * A plugin's Python environment could not be prepared; the message is the last useful line of the
 * installer.
 */
public final class EnvironmentException extends Exception {
  public EnvironmentException(String message) {
    super(message, null, false, false);
  }
}
