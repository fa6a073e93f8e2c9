package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.errors.InvalidInputException;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.Map;

/** Checks params against an action's JSON schema; a failure names the field and the rule. */
final class ParamsValidator {
  private final ObjectMapper json;
  private final DefaultJsonSchemaValidator validator;

  ParamsValidator(ObjectMapper json) {
    this.json = json;
    this.validator = new DefaultJsonSchemaValidator(json);
  }

  @SuppressWarnings("unchecked")
  void check(String what, JsonNode schema, Object params) {
    var res = validator.validate(json.convertValue(schema, Map.class), params);
    if (!res.valid()) {
      throw new InvalidInputException(
          "params for " + what + " are invalid: " + readable(res.errorMessage()));
    }
  }

  /**
   * "…errors: [/epochs: string found, integer expected, $: required property 'a' not found]" →
   * params.x: …
   */
  static String readable(String raw) {
    String s = raw == null ? "" : raw;
    int open = s.indexOf('[');
    int close = s.lastIndexOf(']');
    if (open >= 0 && close > open) {
      s = s.substring(open + 1, close);
    }
    s = s.replaceAll("(^|, )\\$\\.?", "$1params.").replaceAll("(^|, )/", "$1params.");
    s = s.replaceAll("(^|, ): ", "$1params: ");
    return s.replace("params.: ", "params: ").replaceAll("(params\\.[A-Za-z0-9_]+)/", "$1.");
  }
}
