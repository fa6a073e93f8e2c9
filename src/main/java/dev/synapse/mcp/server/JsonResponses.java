package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the JSON bodies of the server's own HTTP answers (errors, health). */
final class JsonResponses {
  private final ObjectMapper json;

  JsonResponses(ObjectMapper json) {
    this.json = json;
  }

  void write(HttpServletResponse res, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    res.setStatus(status);
    res.setContentType("application/json");
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }

  void error(HttpServletResponse res, int status, String error, String message) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", error);
    body.put("message", message);
    write(res, status, body);
  }

  static Map<String, Object> rpcError(int code, String message) {
    var error = new LinkedHashMap<String, Object>();
    error.put("code", code);
    error.put("message", message);
    var body = new LinkedHashMap<String, Object>();
    body.put("jsonrpc", "2.0");
    body.put("id", null);
    body.put("error", error);
    return body;
  }
}
