package dev.synapse.mcp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A raw streamable-HTTP MCP client: enough JSON-RPC to initialize and call tools in Java tests. */
public final class McpTestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;
  private final String key;
  private final AtomicInteger ids = new AtomicInteger();
  private String sessionId;

  public McpTestClient(String baseUrl, String key) {
    this.url = baseUrl + "/api/mcp";
    this.key = key;
  }

  /** The MCP session this client opened (null before initialize). */
  public String sessionId() {
    return sessionId;
  }

  public McpTestClient initialize() throws IOException, InterruptedException {
    HttpResponse<String> res =
        post(
            Map.of(
                "jsonrpc",
                "2.0",
                "id",
                ids.incrementAndGet(),
                "method",
                "initialize",
                "params",
                Map.of(
                    "protocolVersion", "2025-11-25",
                    "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "java-test", "version", "1"))));
    if (res.statusCode() != 200) {
      throw new IOException("initialize answered " + res.statusCode() + ": " + res.body());
    }
    sessionId = res.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
    return this;
  }

  /** The JSON-RPC result of a tools/call (with isError, content, structuredContent). */
  public JsonNode call(String tool, Map<String, Object> args)
      throws IOException, InterruptedException {
    return request("tools/call", Map.of("name", tool, "arguments", args)).get("result");
  }

  /**
   * Every message of a tools/call sent with a progress token: notifications first, the response
   * last.
   */
  public java.util.List<JsonNode> callWithProgress(String tool, Map<String, Object> args)
      throws IOException, InterruptedException {
    HttpResponse<String> res =
        post(
            Map.of(
                "jsonrpc",
                "2.0",
                "id",
                ids.incrementAndGet(),
                "method",
                "tools/call",
                "params",
                Map.of(
                    "name", tool, "arguments", args, "_meta", Map.of("progressToken", "tok-1"))));
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : res.body().split("\n")) {
      if (line.startsWith("data:")) {
        out.add(JSON.readTree(line.substring(5).trim()));
      }
    }
    return out;
  }

  /** One message of a streamed tools/call and when it arrived, in ms after the call was sent. */
  public record Timed(long ms, JsonNode message) {}

  /** Like {@link #callWithProgress}, reading the stream as it comes, so each message is timed. */
  public java.util.List<Timed> callTimed(String tool, Map<String, Object> args)
      throws IOException, InterruptedException {
    var body =
        Map.of(
            "jsonrpc",
            "2.0",
            "id",
            ids.incrementAndGet(),
            "method",
            "tools/call",
            "params",
            Map.of("name", tool, "arguments", args, "_meta", Map.of("progressToken", "tok-t")));
    var req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    if (sessionId != null) {
      req.header("Mcp-Session-Id", sessionId);
    }
    long t0 = System.nanoTime();
    var res = http.send(req.build(), HttpResponse.BodyHandlers.ofLines());
    java.util.List<Timed> out = new java.util.ArrayList<>();
    for (String line : (Iterable<String>) res.body()::iterator) {
      if (line.startsWith("data:")) {
        out.add(
            new Timed(
                (System.nanoTime() - t0) / 1_000_000, JSON.readTree(line.substring(5).trim())));
      }
    }
    return out;
  }

  /** The whole JSON-RPC response of a request. */
  public JsonNode request(String method, Map<String, Object> params)
      throws IOException, InterruptedException {
    HttpResponse<String> res =
        post(
            Map.of(
                "jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method, "params", params));
    return JSON.readTree(lastData(res.body()));
  }

  public HttpResponse<String> post(Object body) throws IOException, InterruptedException {
    var req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    if (sessionId != null) {
      req.header("Mcp-Session-Id", sessionId);
    }
    return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * SSE bodies carry the response in their last {@code data:} line; plain JSON bodies are returned
   * as is.
   */
  private static String lastData(String body) {
    String found = null;
    for (String line : body.split("\n")) {
      if (line.startsWith("data:")) {
        found = line.substring(5).trim();
      }
    }
    return found == null ? body : found;
  }
}
