package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Map;

/**
 * Checks one POSTed JSON-RPC message against JSON-RPC 2.0 as MCP uses it: a UTF-8 JSON object,
 * {@code "jsonrpc": "2.0"}, a string or 64-bit integer id, a method name, params as an object, or
 * else a response with exactly one of result and error. Anything else is a {@link Problem} that
 * names what is wrong and carries the request's id whenever one can be read.
 */
final class JsonRpcEnvelope {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int INVALID_PARAMS = -32602;
  static final int MAX_ID_CHARS = 256;
  static final int MAX_METHOD_CHARS = 128;

  /** The SDK's parameter types: params that cannot become one are refused here, with an answer. */
  private static final Map<String, Class<?>> PARAMS =
      Map.of(
          "initialize", McpSchema.InitializeRequest.class,
          "tools/call", McpSchema.CallToolRequest.class,
          "tools/list", McpSchema.PaginatedRequest.class,
          "logging/setLevel", McpSchema.SetLevelRequest.class,
          "resources/read", McpSchema.ReadResourceRequest.class,
          "prompts/get", McpSchema.GetPromptRequest.class,
          "completion/complete", McpSchema.CompleteRequest.class);

  private final ObjectMapper json;
  private final ObjectMapper typed;

  /** {@code typed} is the server's own mapper, the one the MCP transport reads params with. */
  JsonRpcEnvelope(ObjectMapper typed) {
    this.typed = typed;
    this.json =
        new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** What is wrong with a message; {@code id} is JSON null when none could be read. */
  record Problem(int code, String message, JsonNode id) {}

  /** The readable id of a body that passed {@link #check}, or JSON null. */
  JsonNode id(byte[] body) {
    try {
      return validId(json.readTree(body));
    } catch (IOException e) {
      return NullNode.getInstance();
    }
  }

  /** Null when the body is one well-formed JSON-RPC message. */
  Problem check(byte[] body) {
    if (body.length >= 3
        && (body[0] & 0xff) == 0xEF
        && (body[1] & 0xff) == 0xBB
        && (body[2] & 0xff) == 0xBF) {
      return new Problem(
          PARSE_ERROR,
          "Parse error: the body starts with a byte-order mark; send UTF-8 JSON without one",
          id(java.util.Arrays.copyOfRange(body, 3, body.length)));
    }
    if (utf16or32(body)) {
      return new Problem(
          PARSE_ERROR,
          "Parse error: the body must be UTF-8 JSON (it looks like UTF-16 or UTF-32)",
          null);
    }
    JsonNode msg;
    try {
      msg = json.readTree(body);
    } catch (JsonProcessingException e) {
      String what =
          e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
              ? "a member appears twice"
              : "the body is not valid JSON";
      return new Problem(PARSE_ERROR, "Parse error: " + what, null);
    } catch (IOException e) {
      return new Problem(PARSE_ERROR, "Parse error: the body is not valid JSON", null);
    }
    if (msg == null || msg.isMissingNode()) {
      return new Problem(PARSE_ERROR, "Parse error: the body is empty", null);
    }
    if (msg.isArray()) {
      return new Problem(
          INVALID_REQUEST,
          "batch requests are not supported: send one JSON-RPC message per request",
          null);
    }
    if (!msg.isObject()) {
      return new Problem(
          PARSE_ERROR, "Parse error: the body must be one JSON-RPC message (a JSON object)", null);
    }
    return checkObject(msg);
  }

  private Problem checkObject(JsonNode msg) {
    JsonNode rawId = msg.get("id");
    JsonNode id = validId(msg);
    if (rawId != null && id.isNull()) {
      return new Problem(
          INVALID_REQUEST,
          "Invalid Request: id must be a string of at most "
              + MAX_ID_CHARS
              + " characters or an integer between -2^63 and 2^63-1",
          null);
    }
    JsonNode version = msg.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.asText().equals("2.0")) {
      return new Problem(INVALID_REQUEST, "Invalid Request: \"jsonrpc\" must be \"2.0\"", id);
    }
    JsonNode method = msg.get("method");
    if (method == null) {
      return checkResponse(msg, id);
    }
    if (!method.isTextual() || method.asText().isEmpty()) {
      return new Problem(INVALID_REQUEST, "Invalid Request: method must be a non-empty string", id);
    }
    if (method.asText().length() > MAX_METHOD_CHARS) {
      return new Problem(
          INVALID_REQUEST,
          "Invalid Request: method is longer than " + MAX_METHOD_CHARS + " characters",
          id);
    }
    if (msg.has("result") || msg.has("error")) {
      return new Problem(
          INVALID_REQUEST, "Invalid Request: a request cannot carry result or error", id);
    }
    JsonNode params = msg.get("params");
    if (params != null && !params.isObject()) {
      return new Problem(
          INVALID_PARAMS, "Invalid params: params must be a JSON object (named parameters)", id);
    }
    Class<?> type = PARAMS.get(method.asText());
    if (type != null && !fits(params == null ? json.createObjectNode() : params, type)) {
      return new Problem(
          INVALID_PARAMS,
          "Invalid params: params do not fit the MCP schema of " + method.asText(),
          id);
    }
    return null;
  }

  private static Problem checkResponse(JsonNode msg, JsonNode id) {
    boolean result = msg.has("result");
    boolean error = msg.has("error");
    if (!result && !error) {
      return new Problem(INVALID_REQUEST, "Invalid Request: method is missing", id);
    }
    if (id.isNull()) {
      return new Problem(
          INVALID_REQUEST, "Invalid Request: a response needs the id it answers", id);
    }
    if (result && error) {
      return new Problem(
          INVALID_REQUEST, "Invalid Request: a response has either result or error, not both", id);
    }
    if (error && !validError(msg.get("error"))) {
      return new Problem(
          INVALID_REQUEST,
          "Invalid Request: error must be an object with an integer code and a string message",
          id);
    }
    return null;
  }

  private boolean fits(JsonNode params, Class<?> type) {
    try {
      typed.treeToValue(params, type);
      return true;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean validError(JsonNode error) {
    return error.isObject()
        && error.path("code").canConvertToInt()
        && error.path("code").isIntegralNumber()
        && error.path("message").isTextual();
  }

  /** The id when it is a string or a 64-bit integer, else JSON null. */
  private static JsonNode validId(JsonNode msg) {
    JsonNode id = msg == null ? null : msg.get("id");
    if (id == null) {
      return NullNode.getInstance();
    }
    if (id.isTextual() && id.asText().length() <= MAX_ID_CHARS) {
      return id;
    }
    if (id.isIntegralNumber() && id.canConvertToLong()) {
      return id;
    }
    return NullNode.getInstance();
  }

  /** JSON text starts with an ASCII character, so a zero among the first bytes means UTF-16/32. */
  private static boolean utf16or32(byte[] body) {
    if (body.length >= 2
        && ((body[0] & 0xff) == 0xFE && (body[1] & 0xff) == 0xFF
            || (body[0] & 0xff) == 0xFF && (body[1] & 0xff) == 0xFE)) {
      return true;
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
