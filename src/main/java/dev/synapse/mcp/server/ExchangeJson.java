package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;

/** JSON answers written straight on an Undertow exchange, before any servlet runs. */
final class ExchangeJson {
  private final ObjectMapper json;

  ExchangeJson(ObjectMapper json) {
    this.json = json;
  }

  void send(HttpServerExchange exchange, int status, Object body, boolean close) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unserializable answer", e);
    }
    exchange.setStatusCode(status);
    if (close) {
      exchange.setPersistent(false);
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  void error(HttpServerExchange exchange, int status, String error, String message) {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", error);
    body.put("message", message);
    send(exchange, status, body, true);
  }
}
