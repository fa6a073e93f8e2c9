package dev.synapse.mcp.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.sessions.Session;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: Server-Sent Events with the signed-in agent's runs and sessions, sent when
 * they change. One thread looks every {@value #TICK_MS} ms (one read per agent watching, not per
 * tab); no worker thread is held. The browser's EventSource reconnects by itself ({@code retry}).
 */
final class EventStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.web");
  static final long TICK_MS = 100;
  private static final long PING_MS = 15_000;
  private static final int MAX_STREAMS = 200;
  private static final long RECHECK_MS = 5_000;
  private final ObjectMapper json = new ObjectMapper();
  private final Dashboard d;
  private final List<Stream> streams = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;
  private final java.util.function.Predicate<String> signedIn;

  private static final class Stream {
    final Agent agent;
    final String token;
    final AsyncContext ctx;
    long checkedMs = System.currentTimeMillis();
    String runs = "";
    String sessions = "";
    long lastWriteMs = System.currentTimeMillis();

    Stream(Agent agent, String token, AsyncContext ctx) {
      this.agent = agent;
      this.token = token;
      this.ctx = ctx;
    }
  }

  EventStream(Dashboard d, java.util.function.Predicate<String> signedIn) {
    this.d = d;
    this.signedIn = signedIn;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "synapse-web-events");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
  }

  void open(HttpServletRequest req, HttpServletResponse res, Agent agent, String token)
      throws IOException {
    if (streams.size() >= MAX_STREAMS) {
      res.setStatus(503);
      res.setHeader("Retry-After", "10");
      return;
    }
    res.setStatus(200);
    res.setContentType("text/event-stream; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    AsyncContext ctx = req.startAsync();
    ctx.setTimeout(0);
    var s = new Stream(agent, token, ctx);
    synchronized (s) {
      write(s, "retry: 1000\n\n");
    }
    streams.add(s);
  }

  private void tick() {
    if (streams.isEmpty()) {
      return;
    }
    Map<String, String[]> byAgent = new HashMap<>();
    long now = System.currentTimeMillis();
    for (Stream s : streams) {
      try {
        if (now - s.checkedMs > RECHECK_MS) {
          s.checkedMs = now;
          if (!signedIn.test(s.token)) {
            drop(s);
            continue;
          }
        }
        String[] snap = byAgent.computeIfAbsent(s.agent.name(), k -> snapshot(s.agent));
        synchronized (s) {
          if (!snap[0].equals(s.runs)) {
            s.runs = snap[0];
            write(s, "event: runs\ndata: " + snap[0] + "\n\n");
          }
          if (!snap[1].equals(s.sessions)) {
            s.sessions = snap[1];
            write(s, "event: sessions\ndata: " + snap[1] + "\n\n");
          }
          if (now - s.lastWriteMs > PING_MS) {
            write(s, ": ping\n\n");
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("dropping an event stream: {}", e.toString());
        drop(s);
      }
    }
  }

  private String[] snapshot(Agent a) {
    String scope = a.isAdmin() ? "*" : null;
    List<Map<String, Object>> runs =
        d.runs().list(a, null, null, null, 100, scope).stream().map(EventStream::run).toList();
    List<Map<String, Object>> sessions =
        d.sessions().list(a, null, null, 500, scope).stream().map(EventStream::session).toList();
    try {
      return new String[] {json.writeValueAsString(runs), json.writeValueAsString(sessions)};
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> run(Run r) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", r.id());
    m.put("status", r.status().wire());
    m.put("message", r.message());
    m.put("plugin", r.plugin() + " " + r.action());
    m.put("mode", r.mode().wire());
    m.put("agent", r.agent());
    return m;
  }

  private static Map<String, Object> session(Session s) {
    return Map.of("id", s.id(), "status", s.status().wire());
  }

  private void write(Stream s, String text) throws IOException {
    var out = s.ctx.getResponse().getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    s.lastWriteMs = System.currentTimeMillis();
  }

  private void drop(Stream s) {
    streams.remove(s);
    try {
      s.ctx.complete();
    } catch (RuntimeException ignored) {
      // already gone with its connection
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    streams.forEach(this::drop);
  }
}
