package dev.synapse.mcp.releases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The agent REST API as the agent client speaks it: the bare key in Authorization, JSON bodies. */
final class Rest {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String key;

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  Rest(String serverUrl, String key) {
    this.base = serverUrl + "/api/";
    this.key = key;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send(path, "GET", null);
  }

  Answer post(String path, Object body) throws IOException, InterruptedException {
    return send(path, "POST", body);
  }

  Answer delete(String path) throws IOException, InterruptedException {
    return send(path, "DELETE", null);
  }

  /** {@code path} relative to /api/, or an absolute URL (a page link). */
  Answer send(String path, String method, Object body) throws IOException, InterruptedException {
    var req =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .header("Content-Type", "application/json");
    if (key != null) {
      req.header("Authorization", key);
    }
    HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node = res.body().isEmpty() ? null : JSON.readTree(res.body());
    return new Answer(res.statusCode(), node, res);
  }
}
