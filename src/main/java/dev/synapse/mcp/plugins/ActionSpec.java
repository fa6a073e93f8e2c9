package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One action of a manifest. {@code config} is the action's whole mapping as written, unknown keys
 * included ({@code ui_schema}, {@code options}, ...); the other fields are the ones the server acts
 * on.
 */
public record ActionSpec(
    String name,
    String entrypoint,
    String method,
    String description,
    JsonNode paramsSchema,
    ObjectNode config) {

  public static final java.util.List<String> METHODS =
      java.util.List.of("job", "task", "serve", "restapi");

  /** The module part of {@code module:Name} or {@code module.Name}. */
  public String module() {
    int colon = entrypoint.lastIndexOf(':');
    int cut = colon >= 0 ? colon : entrypoint.lastIndexOf('.');
    return cut <= 0 ? entrypoint : entrypoint.substring(0, cut);
  }
}
