package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.errors.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Params against an action's schema, and the validator's messages made readable. */
class ParamsValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ParamsValidator validator = new ParamsValidator(JSON);

  @Test
  void validParamsPassAndInvalidOnesNameTheField() throws Exception {
    var schema =
        JSON.readTree(
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}},"
                + "\"required\":[\"a\"]}");
    validator.check("hello.add", schema, Map.of("a", 1));
    var e =
        assertThrows(
            InvalidInputException.class,
            () -> validator.check("hello.add", schema, Map.of("a", "x")));
    assertEquals(
        "params for hello.add are invalid: " + ParamsValidator.readable(errorOf(e)),
        e.getMessage());
    assertEquals(true, e.getMessage().contains("params.a"), e.getMessage());
  }

  private static String errorOf(InvalidInputException e) {
    return e.getMessage().substring("params for hello.add are invalid: ".length());
  }

  @Test
  void readableTurnsSchemaPathsIntoParamNames() {
    assertEquals(
        "params.epochs: string found, integer expected, params: required property 'a' not found",
        ParamsValidator.readable(
            "Validation failed: errors: [/epochs: string found, integer expected, $: required"
                + " property 'a' not found]"));
    assertEquals("params.a.b: bad", ParamsValidator.readable("[$.a/b: bad]"));
    assertEquals("params.x: bad", ParamsValidator.readable("/x: bad"));
    assertEquals("", ParamsValidator.readable(null));
    assertEquals("no brackets here", ParamsValidator.readable("no brackets here"));
  }
}
