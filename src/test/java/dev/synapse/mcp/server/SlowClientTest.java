package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and slow clients over raw sockets against the real server on port 0: bodies that never
 * finish, headers that never finish, too many connections from one address, refused requests that
 * try to keep their connection.
 */
class SlowClientTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static Path dir;
  private static SynapseServer roomy;
  private static SynapseServer strict;
  private static String roomyKey;
  private static String strictKey;

  @BeforeAll
  static void start() {
    dir = TempDirs.create("slow-clients");
    roomy =
        server(
            "roomy",
            Map.of("SYNAPSE_WORKER_THREADS", "8", "SYNAPSE_MAX_CONNECTIONS_PER_ADDRESS", "1000"));
    strict =
        server(
            "strict",
            Map.of(
                "SYNAPSE_BODY_DEADLINE_S", "1",
                "SYNAPSE_REQUEST_PARSE_TIMEOUT_S", "1",
                "SYNAPSE_MAX_CONNECTIONS_PER_ADDRESS", "6"));
    roomyKey = roomy.keys().create("roomy", KeyService.DEFAULT_ROLES);
    strictKey = strict.keys().create("strict", KeyService.DEFAULT_ROLES);
  }

  private static SynapseServer server(String name, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.resolve(name).toString());
    return SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    roomy.stop(Duration.ofSeconds(1));
    strict.stop(Duration.ofSeconds(1));
    TempDirs.delete(dir);
  }

  @Test
  void healthAndKeyedCallsAnswerWhile200SlowBodiesAreOpen() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        // Half carry a valid key (they pass auth), half none (a 401 still waits for the body).
        slow.add(slowBody(roomy, i % 2 == 0 ? roomyKey : null));
      }
      for (int round = 0; round < 3; round++) {
        for (Socket s : slow) {
          s.getOutputStream().write(' ');
        }
        long t0 = System.nanoTime();
        var health = get(roomy, "/api/health");
        assertEquals(200, health.statusCode());
        var client = new McpTestClient(roomy.url(), roomyKey).initialize();
        var created = client.call("create_session", Map.of("name", "under-attack"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(created.at("/isError").isMissingNode() || !created.at("/isError").asBoolean());
        assertTrue(ms < 3000, "health + initialize + a call took " + ms + " ms");
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aBodyThatTricklesPastTheDeadlineIsCut() throws Exception {
    try (Socket s = slowBody(strict, strictKey)) {
      s.setSoTimeout(6000);
      long t0 = System.nanoTime();
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      boolean closed = false;
      for (int i = 0; i < 10 && !closed; i++) {
        try {
          out.write('x');
          out.flush();
          Thread.sleep(300);
          closed = in.available() == 0 && isClosed(s, 10);
        } catch (IOException e) {
          closed = true;
        }
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(closed, "the connection stayed open although its body kept trickling");
      assertTrue(ms < 2900, "closed only after " + ms + " ms");
    }
  }

  @Test
  void headersThatNeverEndAreCutByTheParseTimeout() throws Exception {
    try (Socket s = new Socket("127.0.0.1", strict.port())) {
      s.getOutputStream()
          .write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes());
      s.setSoTimeout(5000);
      long t0 = System.nanoTime();
      assertTrue(isClosed(s, 5000), "a half-sent header was kept open");
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 4000);
    }
  }

  @Test
  void oneAddressGetsOnlyItsShareOfConnections() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      String refused = null;
      for (int i = 0; i < 10 && refused == null; i++) {
        Socket s = new Socket("127.0.0.1", strict.port());
        held.add(s);
        String answer = exchange(s, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        if (!answer.startsWith("HTTP/1.1 200")) {
          refused = answer;
        }
      }
      assertTrue(refused != null, "ten keep-alive connections from one address were all served");
      assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
      assertTrue(refused.contains("open connections from your address"), refused);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void refusedRequestsLoseTheirConnection() throws Exception {
    var requests =
        Map.of(
            "401",
            "POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}",
            "403",
            "GET /api/health HTTP/1.1\r\nHost: evil.example\r\n\r\n",
            "413",
            "POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + strictKey
                + "\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{");
    for (Entry<String, String> r : requests.entrySet()) {
      try (Socket s = new Socket("127.0.0.1", strict.port())) {
        String answer = exchange(s, r.getValue());
        assertTrue(answer.startsWith("HTTP/1.1 " + r.getKey()), r.getKey() + ": " + answer);
        assertTrue(isClosed(s, 3000), r.getKey() + " left the connection open");
      }
    }
  }

  /** Headers promising a large body, then one byte. */
  private static Socket slowBody(SynapseServer server, String key) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    String auth = key == null ? "" : "Authorization: Bearer " + key + "\r\n";
    s.getOutputStream()
        .write(
            ("POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + auth
                    + "Accept: application/json, text/event-stream\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** Sends a request and reads one response (headers and a Content-Length body). */
  private static String exchange(Socket s, String request) throws IOException {
    s.setSoTimeout(5000);
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    var head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.append((char) c);
    }
    String text = head.toString();
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return text + new String(body, StandardCharsets.UTF_8);
  }

  /** True when the peer closes (EOF or reset) within {@code ms}. */
  private static boolean isClosed(Socket s, int ms) throws IOException {
    s.setSoTimeout(ms);
    try {
      InputStream in = s.getInputStream();
      while (true) {
        int c = in.read();
        if (c < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static HttpResponse<String> get(SynapseServer server, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(3))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
