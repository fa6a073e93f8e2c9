package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the MCP transport's response so that every error it answers is a JSON-RPC error object with
 * the request's id, and a message that is one of the transport's own plain sentences or a plain
 * sentence of ours: never a parser's text or a class name. Server faults get a reference that is
 * also logged.
 */
final class RpcErrorResponse extends HttpServletResponseWrapper {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.http");

  /** Transport messages that are already clear and carry nothing internal. */
  private static final List<String> PLAIN =
      List.of(
          "Session ID required",
          "Session not found",
          "text/event-stream required",
          "application/json required",
          "Unsupported Media Type",
          "Server is shutting down",
          "Method not found",
          "Invalid session ID",
          // protocol 2026-07-28 (the SDK's stateless server)
          "Unsupported protocol version",
          "params",
          "_meta",
          "Header mismatch",
          "Missing required");

  private final ObjectMapper json;
  private final JsonNode id;
  private final String what;

  RpcErrorResponse(HttpServletResponse res, ObjectMapper json, JsonNode id, String what) {
    super(res);
    this.json = json;
    this.id = id == null ? NullNode.getInstance() : id;
    this.what = what;
  }

  @Override
  public void sendError(int sc) throws IOException {
    sendError(sc, null);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    setStatus(sc);
    write(sc, sc >= 500 ? -32603 : -32600, msg);
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (getStatus() < 400) {
      return super.getWriter();
    }
    return new PrintWriter(new StringWriter()) {
      private boolean done;

      @Override
      public void flush() {
        finish(this);
      }

      @Override
      public void close() {
        finish(this);
      }

      private void finish(PrintWriter self) {
        if (done) {
          return;
        }
        done = true;
        super.flush();
        try {
          rewrite(((StringWriter) out).toString());
        } catch (IOException e) {
          LOG.debug("writing an error answer: {}", e.toString());
        }
      }
    };
  }

  private void rewrite(String body) throws IOException {
    int code = getStatus() >= 500 ? -32603 : -32600;
    String message = null;
    JsonNode data = null;
    try {
      JsonNode error = json.readTree(body).path("error");
      if (error.path("code").isInt()) {
        code = error.path("code").asInt();
      }
      message = error.path("message").isTextual() ? error.path("message").asText() : null;
      data = plainData(error.get("data"));
    } catch (IOException e) {
      // not JSON: answered with the generic sentence for its status
    }
    write(getStatus(), code, message, data);
  }

  /**
   * An error's {@code data} passes when it is a small object of protocol values (2026-07-28 puts
   * the supported versions and missing capabilities there), never when it looks like a trace.
   */
  private JsonNode plainData(JsonNode data) {
    if (data == null || !data.isObject()) {
      return null;
    }
    String text = data.toString();
    boolean internal =
        text.length() > 2000
            || text.contains("stackTrace")
            || text.contains("Exception")
            || text.contains("at java.")
            || text.contains("io.modelcontextprotocol.");
    return internal ? null : data;
  }

  private void write(int status, int code, String message) throws IOException {
    write(status, code, message, null);
  }

  private void write(int status, int code, String message, JsonNode data) throws IOException {
    String text = clean(status, message);
    ObjectNode error = json.createObjectNode().put("code", code).put("message", text);
    if (data != null && status < 500) {
      error.set("data", data);
    }
    ObjectNode body = json.createObjectNode().put("jsonrpc", "2.0");
    body.set("id", id);
    body.set("error", error);
    byte[] bytes = json.writeValueAsBytes(body);
    HttpServletResponse res = (HttpServletResponse) getResponse();
    res.setContentType("application/json");
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
    res.getOutputStream().flush();
  }

  private String clean(int status, String message) {
    if (status >= 500) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("{} answered {} (ref {}): {}", what, status, ref, message);
      return "internal error (ref " + ref + "); the server log has the details";
    }
    LOG.debug("{} refused with {}: {}", what, status, message);
    if (message != null && PLAIN.stream().anyMatch(message::startsWith) && message.length() < 200) {
      return message;
    }
    return switch (status) {
      case 404 -> "Session not found: initialize a new MCP session";
      case 405 -> "method not allowed on /api/mcp";
      case 406 -> "send Accept: application/json, text/event-stream";
      case 413 -> "request body is too large";
      case 415 -> "Unsupported Media Type: Content-Type must be application/json";
      default -> "Invalid Request: the message does not fit the MCP schema for its method";
    };
  }
}
