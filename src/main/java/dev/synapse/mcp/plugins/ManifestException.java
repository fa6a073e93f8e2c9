package dev.synapse.mcp.plugins;

/** A {@code config.yaml} that cannot be used; the message says what to fix. */
final class ManifestException extends Exception {
  ManifestException(String message) {
    super(message, null, false, false);
  }
}
