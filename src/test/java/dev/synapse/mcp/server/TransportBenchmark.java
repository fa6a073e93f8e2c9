package dev.synapse.mcp.server;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * session_heartbeat at 16 concurrent callers with and without 200 slow sockets held open, and
 * /api/health latency meanwhile, in one run against the real server. Prints numbers; run with
 * bench/transport.sh. Never fails on timing.
 */
@Tag("bench")
class TransportBenchmark {
  private static final int CALLERS = 16;
  private static final int SLOW_SOCKETS = 200;
  private static final Duration PHASE = Duration.ofSeconds(8);

  record Numbers(
      double callsPerSecond, double p50Ms, double p99Ms, double healthP99Ms, int calls) {}

  @Test
  void heartbeatWithAndWithoutSlowSockets() throws Exception {
    Path dir = TempDirs.create("bench-transport");
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    var server =
        SynapseServer.start(
            ServerConfig.resolve(Map.of("SYNAPSE_MAX_CONNECTIONS_PER_ADDRESS", "1000"), flags),
            Clock.systemUTC());
    var out = new StringBuilder();
    try {
      String key = server.keys().create("bench", KeyService.DEFAULT_ROLES);
      List<McpTestClient> clients = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        clients.add(new McpTestClient(server.url(), key).initialize());
      }
      String session =
          clients
              .get(0)
              .call("create_session", Map.of("name", "bench"))
              .at("/structuredContent/id")
              .asText();
      measure(server, clients, session, Duration.ofSeconds(4)); // warm-up, not reported
      Numbers calm = measure(server, clients, session, PHASE);
      List<Socket> slow = new ArrayList<>();
      Numbers attacked;
      try {
        for (int i = 0; i < SLOW_SOCKETS; i++) {
          slow.add(slowBody(server, i % 2 == 0 ? key : null));
        }
        attacked = measure(server, clients, session, PHASE);
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
      out.append(
          String.format(
              "session_heartbeat, c=%d, %d s each, warm JIT (4 s warm-up), %d MCP sessions%n",
              CALLERS, PHASE.toSeconds(), CALLERS));
      out.append(line("without slow sockets", calm));
      out.append(line("with " + SLOW_SOCKETS + " slow sockets", attacked));
      out.append(
          String.format(
              "under attack: %.0f%% of the calm throughput; /api/health p99 %.1f ms%n",
              100 * attacked.callsPerSecond() / calm.callsPerSecond(), attacked.healthP99Ms()));
    } finally {
      server.stop(Duration.ofSeconds(2));
      TempDirs.delete(dir);
    }
    System.out.print(out);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "bench-transport.txt"), out.toString());
  }

  private static String line(String what, Numbers n) {
    return String.format(
        "  %-26s %7.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  (%d calls)  /api/health p99 %6.1f ms%n",
        what, n.callsPerSecond(), n.p50Ms(), n.p99Ms(), n.calls(), n.healthP99Ms());
  }

  private static Numbers measure(
      SynapseServer server, List<McpTestClient> clients, String session, Duration phase)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS + 1);
    long end = System.nanoTime() + phase.toNanos();
    try {
      List<Future<List<Long>>> callers = new ArrayList<>();
      for (McpTestClient c : clients) {
        callers.add(
            pool.submit(
                () -> {
                  List<Long> nanos = new ArrayList<>();
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    c.call("session_heartbeat", Map.of("session_id", session));
                    nanos.add(System.nanoTime() - t0);
                  }
                  return nanos;
                }));
      }
      Future<List<Long>> health =
          pool.submit(
              () -> {
                HttpClient http = HttpClient.newHttpClient();
                var req = HttpRequest.newBuilder(URI.create(server.url() + "/api/health")).build();
                List<Long> nanos = new ArrayList<>();
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  http.send(req, HttpResponse.BodyHandlers.discarding());
                  nanos.add(System.nanoTime() - t0);
                  Thread.sleep(20);
                }
                return nanos;
              });
      List<Long> all = new ArrayList<>();
      for (var f : callers) {
        all.addAll(f.get());
      }
      List<Long> h = health.get();
      return new Numbers(
          all.size() / (double) phase.toSeconds(),
          percentile(all, 50),
          percentile(all, 99),
          percentile(h, 99),
          all.size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static double percentile(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100.0 * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  private static Socket slowBody(SynapseServer server, String key) throws IOException {
    Socket s = new Socket("127.0.0.1", server.port());
    String auth = key == null ? "" : "Authorization: Bearer " + key + "\r\n";
    s.getOutputStream()
        .write(
            ("POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + auth
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }
}
