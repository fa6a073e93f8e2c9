package dev.synapse.mcp.ray;

import java.io.IOException;

/** The cluster answered 401 or 403: the token is missing or wrong. Its message is client-safe. */
public final class RayTokenRejectedException extends IOException {
  public RayTokenRejectedException(int status, String rayMessage, boolean tokenConfigured) {
    super(message(status, rayMessage, tokenConfigured));
  }

  private static String message(int status, String rayMessage, boolean tokenConfigured) {
    String why = rayMessage == null || rayMessage.isBlank() ? "HTTP " + status : rayMessage;
    return "Ray rejected the token: "
        + why
        + (tokenConfigured
            ? " (check SYNAPSE_RAY_AUTH_TOKEN or SYNAPSE_RAY_AUTH_TOKEN_FILE)"
            : " (the cluster uses token authentication: set SYNAPSE_RAY_AUTH_TOKEN or"
                + " SYNAPSE_RAY_AUTH_TOKEN_FILE)");
  }
}
