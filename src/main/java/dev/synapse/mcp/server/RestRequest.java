package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.errors.InvalidFieldException;
import dev.synapse.mcp.errors.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A REST request's JSON body and query, read the way a DRF view would: a body that is not a JSON
 * object is a 400 with {@code detail}, a field of the wrong type a 400 naming the field.
 */
final class RestRequest {
  static final int MAX_STRING = 4096;
  static final int MAX_ITEMS = 200;
  private final HttpServletRequest req;
  private final Map<String, Object> body;

  private RestRequest(HttpServletRequest req, Map<String, Object> body) {
    this.req = req;
    this.body = body;
  }

  /** Reads at most {@code maxBytes} of body; more is refused (413 via BodyTooLarge). */
  @SuppressWarnings("unchecked")
  static RestRequest read(HttpServletRequest req, ObjectMapper json, int maxBytes)
      throws IOException {
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw new BodyTooLarge(maxBytes);
    }
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return new RestRequest(req, Map.of());
    }
    Object parsed;
    try {
      parsed = json.readValue(bytes, Object.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("JSON parse error - " + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new InvalidInputException("the request body must be a JSON object");
    }
    return new RestRequest(req, (Map<String, Object>) parsed);
  }

  static RestRequest query(HttpServletRequest req) {
    return new RestRequest(req, Map.of());
  }

  Map<String, Object> body() {
    return body;
  }

  String string(String field) {
    Object v = body.get(field);
    if (v == null || v instanceof String) {
      return capped(field, (String) v);
    }
    if (v instanceof Number n && field.equals("version")) {
      return n.toString();
    }
    throw new InvalidFieldException(field, "Not a valid string.");
  }

  /** Like every MCP string argument, every REST string field has a cap (the tools' largest). */
  private static String capped(String field, String v) {
    if (v != null && v.codePointCount(0, v.length()) > MAX_STRING) {
      throw new InvalidFieldException(
          field, "Ensure this field has no more than " + MAX_STRING + " characters.");
    }
    return v;
  }

  Integer integer(String field) {
    Object v = body.get(field);
    if (v == null || v instanceof Integer) {
      return (Integer) v;
    }
    throw new InvalidFieldException(field, "A valid integer is required.");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> object(String field) {
    Object v = body.get(field);
    if (v == null || v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw new InvalidFieldException(field, "Expected a dictionary of items.");
  }

  List<String> strings(String field) {
    Object v = body.get(field);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
      if (list.size() > MAX_ITEMS) {
        throw new InvalidFieldException(
            field, "Ensure this field has no more than " + MAX_ITEMS + " elements.");
      }
      return list.stream().map(x -> capped(field, (String) x)).toList();
    }
    throw new InvalidFieldException(field, "Expected a list of strings.");
  }

  Integer queryInt(String name) {
    String v = req.getParameter(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidFieldException(name, "A valid integer is required.");
    }
  }

  String query(String name) {
    String v = req.getParameter(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The body is over the server's cap. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge(int max) {
      super("the request body is larger than " + max + " bytes (SYNAPSE_MAX_BODY_BYTES)");
    }
  }
}
