package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A plugin store served over http(s): a static file server is enough. */
record HttpStore(String base, Duration timeout, HttpClient http) implements PluginStore {

  HttpStore(String base, Duration timeout) {
    this(
        base.endsWith("/") ? base : base + "/",
        timeout,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build());
  }

  @Override
  public Fetched fetch(ReleaseRef ref, Path target, long maxBytes) {
    String url = base + ref.code() + "/" + ref.version() + ".zip";
    HttpResponse<InputStream> res = get(url);
    try (InputStream body = res.body()) {
      if (res.statusCode() == 404) {
        throw new NotFoundException("release " + ref + " is not in the plugin store (" + url + ")");
      }
      if (res.statusCode() != 200) {
        throw new UnavailableException(
            "the plugin store answered HTTP " + res.statusCode() + " for " + url);
      }
      PluginStore.copyCapped(body, target, maxBytes, "the archive of " + ref);
    } catch (IOException e) {
      throw new UnavailableException("downloading " + url + " failed: " + reason(e));
    }
    HttpResponse<InputStream> sum = get(url + ".sha256");
    try (InputStream body = sum.body()) {
      if (sum.statusCode() == 404) {
        return new Fetched(url, null);
      }
      if (sum.statusCode() != 200) {
        throw new UnavailableException(
            "the plugin store answered HTTP " + sum.statusCode() + " for " + url + ".sha256");
      }
      String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
      return new Fetched(url, PluginStore.parseChecksum(text, url + ".sha256"));
    } catch (IOException e) {
      throw new UnavailableException("downloading " + url + ".sha256 failed: " + reason(e));
    }
  }

  private HttpResponse<InputStream> get(String url) {
    try {
      var req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UnavailableException("the plugin store " + base + " is unreachable: " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while fetching " + url);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the timeout";
    }
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  @Override
  public String location() {
    return base;
  }
}
