package dev.synapse.mcp.agents;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a key may do. {@code ADMIN} implies every other role and sees every agent's records. */
public enum Role {
  SESSION,
  RUN,
  RELEASE,
  ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new dev.synapse.mcp.errors.InvalidInputException(
        "unknown role '"
            + text.trim()
            + "'; roles: "
            + Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", ")));
  }
}
