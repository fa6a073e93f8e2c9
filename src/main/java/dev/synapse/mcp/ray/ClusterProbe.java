package dev.synapse.mcp.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a Ray dashboard which Ray and Python its cluster runs ({@code /api/version}, {@code
 * /api/v0/cluster_metadata}), with the token when there is one; each call is bounded by {@code
 * timeout}, so a dead cluster never holds a caller.
 */
public final class ClusterProbe {
  private final String dashboardUrl;
  private final RayToken token;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;

  public ClusterProbe(String dashboardUrl, RayToken token, Duration timeout) {
    this.dashboardUrl = dashboardUrl;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The cluster's versions; the Python version is null when the dashboard does not say it. */
  public ClusterInfo probe() throws IOException {
    JsonNode version = get("/api/version");
    String ray = version.path("ray_version").asText(null);
    String python = null;
    try {
      python = get("/api/v0/cluster_metadata").at("/data/pythonVersion").asText(null);
    } catch (RayTokenRejectedException e) {
      throw e;
    } catch (IOException older) {
      // a dashboard without cluster metadata: the Ray version is what matters most
    }
    return new ClusterInfo(ray, python);
  }

  private JsonNode get(String path) throws IOException {
    var req = HttpRequest.newBuilder(URI.create(dashboardUrl + path)).timeout(timeout).GET();
    if (token != null) {
      req.header("Authorization", token.bearer());
    }
    HttpResponse<String> res;
    try {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (res.statusCode() == 401 || res.statusCode() == 403) {
      String first = res.body() == null ? "" : res.body().strip().lines().findFirst().orElse("");
      throw new RayTokenRejectedException(
          res.statusCode(), first.length() > 200 ? first.substring(0, 200) : first, token != null);
    }
    if (res.statusCode() != 200) {
      throw new IOException("the Ray dashboard answered HTTP " + res.statusCode() + " for " + path);
    }
    return json.readTree(res.body());
  }
}
