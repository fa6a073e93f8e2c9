package dev.synapse.mcp.ray;

import dev.synapse.mcp.errors.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The token a Ray cluster with token authentication (Ray 2.59+) wants, from {@code
 * SYNAPSE_RAY_AUTH_TOKEN} or the file named by {@code SYNAPSE_RAY_AUTH_TOKEN_FILE}. Its text never
 * appears in {@link #toString()}, logs or errors.
 */
public final class RayToken {
  private final String value;

  private RayToken(String value) {
    this.value = value;
  }

  /** The configured token, or null when neither setting is given. */
  public static RayToken from(Map<String, String> env) {
    String inline = env.get("SYNAPSE_RAY_AUTH_TOKEN");
    if (inline != null && !inline.isBlank()) {
      return of(inline, "SYNAPSE_RAY_AUTH_TOKEN");
    }
    String file = env.get("SYNAPSE_RAY_AUTH_TOKEN_FILE");
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return of(
          Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8),
          "SYNAPSE_RAY_AUTH_TOKEN_FILE");
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("SYNAPSE_RAY_AUTH_TOKEN_FILE cannot be read: " + file.trim());
    }
  }

  private static RayToken of(String text, String setting) {
    String token = text.strip();
    if (token.isEmpty() || !token.matches("[\\x21-\\x7e]+")) {
      throw new InvalidInputException(
          setting + " must hold one token of printable characters without spaces");
    }
    return new RayToken(token);
  }

  /** The value of an {@code Authorization} header carrying the token. */
  public String bearer() {
    return "Bearer " + value;
  }

  /** The environment a Ray driver process needs to present the token to the cluster. */
  public Map<String, String> driverEnv() {
    return Map.of("RAY_AUTH_MODE", "token", "RAY_AUTH_TOKEN", value);
  }

  @Override
  public String toString() {
    return "RayToken[redacted]";
  }
}
