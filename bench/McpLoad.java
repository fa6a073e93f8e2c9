// A compiled MCP load generator: N workers, each with its own MCP session (protocol 2025-11-25) or
// none (2026-07-28, stateless), calling one tool in a closed loop for a fixed time; every request
// has its own JSON-RPC id. Prints one line: calls/s, p50/p99 in ms, errors.
// Run: java bench/McpLoad.java URL KEY TOOL ARGS_JSON CONCURRENCY SECONDS [2025|2026]
// ARGS_JSON may hold {session} (replaced by a session each worker creates first, for heartbeats).

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class McpLoad {
  private static final AtomicLong IDS = new AtomicLong();
  private static final Pattern SESSION_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final String url;
  private final String key;
  private final boolean stateless;
  private final HttpClient http;

  McpLoad(String url, String key, boolean stateless) {
    this.url = url;
    this.key = key;
    this.stateless = stateless;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public static void main(String[] a) throws Exception {
    if (a.length < 6) {
      System.err.println("usage: McpLoad URL KEY TOOL ARGS_JSON CONCURRENCY SECONDS [2025|2026]");
      System.exit(2);
    }
    var load = new McpLoad(a[0], a[1], a.length > 6 && a[6].equals("2026"));
    String tool = a[2];
    String args = a[3];
    int c = Integer.parseInt(a[4]);
    double seconds = Double.parseDouble(a[5]);
    long[][] latencies = new long[c][];
    int[] counts = new int[c];
    long[] errors = new long[c];
    var ready = new CountDownLatch(c);
    var go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    long[] window = new long[2];
    for (int w = 0; w < c; w++) {
      final int me = w;
      Thread t =
          new Thread(
              () -> {
                try {
                  String session = load.stateless ? null : load.initialize();
                  String callArgs = args;
                  if (args.contains("{session}")) {
                    String body =
                        load.call(session, "create_session", "{\"name\":\"bench-" + me + "\"}");
                    Matcher m = SESSION_ID.matcher(body);
                    if (!m.find()) {
                      throw new IllegalStateException("create_session answered " + body);
                    }
                    callArgs = args.replace("{session}", m.group(1));
                  }
                  long[] lat = new long[1 << 16];
                  int n = 0;
                  ready.countDown();
                  go.await();
                  long end = window[1];
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    String body = load.call(session, tool, callArgs);
                    long dt = System.nanoTime() - t0;
                    if (!body.contains("\"result\"") || body.contains("\"isError\":true")) {
                      errors[me]++;
                      if (errors[me] == 1) {
                        System.err.println("error: " + body.substring(0, Math.min(300, body.length())));
                      }
                    }
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = dt;
                  }
                  latencies[me] = lat;
                  counts[me] = n;
                } catch (Exception e) {
                  System.err.println("worker " + me + ": " + e);
                  errors[me]++;
                  latencies[me] = new long[0];
                  ready.countDown();
                }
              });
      threads.add(t);
      t.start();
    }
    ready.await();
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (seconds * 1e9);
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - window[0]) / 1e9;
    int total = 0;
    long errs = 0;
    for (int w = 0; w < c; w++) {
      total += counts[w];
      errs += errors[w];
    }
    long[] all = new long[total];
    int k = 0;
    for (int w = 0; w < c; w++) {
      System.arraycopy(latencies[w], 0, all, k, counts[w]);
      k += counts[w];
    }
    Arrays.sort(all);
    System.out.printf(
        "calls/s %.0f p50_ms %.2f p99_ms %.2f calls %d errors %d%n",
        total / elapsed, pct(all, 0.50), pct(all, 0.99), total, errs);
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  private HttpRequest.Builder request(String session, String method, String name) {
    var b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream");
    if (key != null && !key.isEmpty()) {
      b.header("Authorization", "Bearer " + key);
    }
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }
    if (stateless) {
      b.header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method);
      if (name != null) {
        b.header("Mcp-Name", name);
      }
    }
    return b;
  }

  private String meta() {
    return stateless
        ? ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{},"
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"mcpload\",\"version\":\"1\"}}"
        : "";
  }

  String call(String session, String tool, String args) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + IDS.incrementAndGet()
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
            + tool
            + "\",\"arguments\":"
            + args
            + meta()
            + "}}";
    return http.send(
            request(session, "tools/call", tool)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  String initialize() throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + IDS.incrementAndGet()
            + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"mcpload\",\"version\":\"1\"}}}";
    var b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream");
    if (key != null && !key.isEmpty()) {
      b.header("Authorization", "Bearer " + key);
    }
    var res =
        http.send(
            b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    String session = res.headers().firstValue("Mcp-Session-Id").orElse(null);
    if (session == null) {
      throw new IllegalStateException("initialize answered " + res.statusCode() + " " + res.body());
    }
    var note =
        b.copy()
            .header("Mcp-Session-Id", session)
            .header("MCP-Protocol-Version", "2025-11-25")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
            .build();
    http.send(note, HttpResponse.BodyHandlers.discarding());
    return session;
  }
}
