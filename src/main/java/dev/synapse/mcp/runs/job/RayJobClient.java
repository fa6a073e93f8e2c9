package dev.synapse.mcp.runs.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.ray.RayTokenRejectedException;
import dev.synapse.mcp.runs.RayCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Ray Jobs REST API of the dashboard, over java.net.http: packages (working_dir uploads),
 * submit, status, logs, stop.
 */
final class RayJobClient {
  private final RayCluster cluster;
  private final ObjectMapper json;
  private final HttpClient http;

  RayJobClient(RayCluster cluster, ObjectMapper json) {
    this.cluster = cluster;
    this.json = json;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  String dashboard() {
    return cluster.dashboardUrl();
  }

  /** Uploads {@code zip} as {@code gcs://<name>} unless the cluster has it already. */
  void ensurePackage(String name, byte[] zip) throws IOException {
    String path = "/api/packages/gcs/" + name;
    HttpResponse<String> head = send(request(path).GET(), Duration.ofSeconds(10));
    if (head.statusCode() == 200) {
      return;
    }
    if (head.statusCode() != 404) {
      throw problem("checking package " + name, head);
    }
    HttpResponse<String> put =
        send(
            request(path)
                .header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)),
            Duration.ofSeconds(120));
    if (put.statusCode() != 200) {
      throw problem("uploading package " + name, put);
    }
  }

  /** Submits the job; returns its submission id. */
  String submit(JsonNode body) throws IOException {
    HttpResponse<String> res =
        send(
            request("/api/jobs/")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
            Duration.ofSeconds(30));
    if (res.statusCode() != 200) {
      throw problem("submitting the job", res);
    }
    return json.readTree(res.body()).path("submission_id").asText();
  }

  /** The job's details, or null when the cluster does not know it (404). */
  JsonNode status(String id) throws IOException {
    HttpResponse<String> res = send(request("/api/jobs/" + id).GET(), Duration.ofSeconds(10));
    if (res.statusCode() == 404) {
      return null;
    }
    if (res.statusCode() != 200) {
      throw problem("reading job " + id, res);
    }
    return json.readTree(res.body());
  }

  String logs(String id) throws IOException {
    HttpResponse<String> res =
        send(request("/api/jobs/" + id + "/logs").GET(), Duration.ofSeconds(30));
    if (res.statusCode() != 200) {
      throw problem("reading the logs of job " + id, res);
    }
    return json.readTree(res.body()).path("logs").asText("");
  }

  boolean stop(String id) throws IOException {
    HttpResponse<String> res =
        send(
            request("/api/jobs/" + id + "/stop").POST(HttpRequest.BodyPublishers.noBody()),
            Duration.ofSeconds(10));
    if (res.statusCode() != 200) {
      throw problem("stopping job " + id, res);
    }
    return json.readTree(res.body()).path("stopped").asBoolean();
  }

  private HttpRequest.Builder request(String path) {
    // The dashboard refuses POST/PUT from browser user agents; say who we are.
    var req = HttpRequest.newBuilder(cluster.dashboard(path)).header("User-Agent", "synapse-mcp");
    if (cluster.token() != null) {
      req.header("Authorization", cluster.token().bearer());
    }
    return req;
  }

  private HttpResponse<String> send(HttpRequest.Builder req, Duration timeout) throws IOException {
    try {
      return http.send(req.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (IOException e) {
      throw new IOException(
          "the Ray Jobs API at "
              + cluster.dashboardUrl()
              + " is not reachable ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          e);
    }
  }

  private IOException problem(String what, HttpResponse<String> res) {
    String body = res.body() == null ? "" : res.body().strip();
    if (res.statusCode() == 401 || res.statusCode() == 403) {
      String first = body.lines().findFirst().orElse("");
      return new RayTokenRejectedException(
          res.statusCode(),
          first.length() > 200 ? first.substring(0, 200) : first,
          cluster.token() != null);
    }
    int nl = body.indexOf('\n');
    if (nl > 0) {
      body = body.substring(0, nl);
    }
    if (body.length() > 300) {
      body = body.substring(0, 300) + "…";
    }
    return new IOException(what + ": Ray answered HTTP " + res.statusCode() + " " + body);
  }
}
