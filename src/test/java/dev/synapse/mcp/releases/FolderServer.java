package dev.synapse.mcp.releases;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** A static file server over a folder: an http(s) plugin store as simple as they come. */
final class FolderServer implements AutoCloseable {
  private final HttpServer http;

  FolderServer(Path root) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/",
        exchange -> {
          Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          boolean ok = file.startsWith(root) && Files.isRegularFile(file);
          byte[] body = ok ? Files.readAllBytes(file) : "not found".getBytes();
          exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
