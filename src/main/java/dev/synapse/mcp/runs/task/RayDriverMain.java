package dev.synapse.mcp.runs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ray.api.BaseActorHandle;
import io.ray.api.PyActorHandle;
import io.ray.api.Ray;
import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.exception.RayTaskException;
import io.ray.api.exception.RayTimeoutException;
import io.ray.api.function.PyActorClass;
import io.ray.api.function.PyActorMethod;
import io.ray.api.options.ActorLifetime;
import io.ray.api.runtimecontext.ActorInfo;
import io.ray.api.runtimecontext.ActorState;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Ray driver: the body of the hidden {@code ray-driver} command, run in a child JVM of the
 * server. It reads one JSON request per line on stdin and answers one JSON line per request on
 * stdout, in any order (each carries its {@code id}). Ray's own logging goes to stderr. When the
 * cluster goes away Ray ends this JVM; the server sees the pipe close and starts a new driver.
 */
public final class RayDriverMain {
  static final String NAMESPACE = "synapse";
  static final String ACTOR_PREFIX = "synapse:";
  private static final String MODULE = "synapse_runner.ray_actor";
  private static final String CLASS = "PluginActor";

  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream out;
  private final Map<String, PyActorHandle> actors = new ConcurrentHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private RayDriverMain(PrintStream out) {
    this.out = out;
  }

  /** Runs until stdin closes; returns the exit code. */
  public static int run() throws Exception {
    var protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    System.setOut(System.err);
    long before = System.currentTimeMillis();
    Ray.init();
    RayNativeCopies.remove(before, System.currentTimeMillis());
    var driver = new RayDriverMain(protocol);
    driver.send(
        driver
            .json
            .createObjectNode()
            .put("event", "ready")
            .put("pid", ProcessHandle.current().pid()));
    driver.serve();
    Ray.shutdown();
    return 0;
  }

  private void serve() throws Exception {
    try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode req = json.readTree(line);
        pool.execute(() -> send(answer(req)));
      }
    }
    pool.shutdownNow();
  }

  private ObjectNode answer(JsonNode req) {
    ObjectNode reply = json.createObjectNode().put("id", req.path("id").asLong());
    try {
      switch (req.path("op").asText()) {
        case "call" -> reply.put("reply", call(req, req.path("retry").asBoolean(false) ? 3 : 0));
        case "kill" -> reply.put("killed", kill(req.path("actor").asText()));
        case "list" -> reply.set("actors", list());
        case "ping" -> reply.put("pong", true);
        default -> throw new IllegalArgumentException("unknown op " + req.path("op"));
      }
      reply.put("ok", true);
    } catch (RayTimeoutException e) {
      fail(reply, "timeout", "the call did not answer in time");
    } catch (RayActorException e) {
      actors.remove(req.path("actor").asText());
      fail(reply, "actor_died", firstLine(e));
    } catch (RayTaskException e) {
      fail(reply, "task_error", firstLine(e));
    } catch (RayException e) {
      fail(reply, "ray_error", firstLine(e));
    } catch (RuntimeException e) {
      fail(reply, "driver_error", e.toString());
    }
    return reply;
  }

  private String call(JsonNode req, int retries) {
    String name = req.path("actor").asText();
    PyActorHandle actor = actor(name, req.path("init").asText());
    try {
      return actor
          .task(
              PyActorMethod.of(req.path("method").asText(), String.class), req.path("arg").asText())
          .remote()
          .get(req.path("timeout_ms").asLong(600_000));
    } catch (RayActorException e) {
      actors.remove(name, actor);
      if (retries > 0) {
        // The actor died between runs: a fresh one serves this call, which had not started yet.
        // Just after a kill, the cluster may still hand out the dying actor for its name: wait a
        // bit.
        try {
          Thread.sleep(300);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        return call(req, retries - 1);
      }
      throw e;
    }
  }

  private PyActorHandle actor(String name, String init) {
    PyActorHandle cached = actors.get(name);
    if (cached != null) {
      return cached;
    }
    synchronized (actors) {
      return actors.computeIfAbsent(
          name,
          n -> {
            Optional<PyActorHandle> found = Ray.getActor(n, NAMESPACE);
            if (found.isPresent()) {
              return found.get();
            }
            if (init.isEmpty()) {
              throw new IllegalArgumentException("no actor named " + n);
            }
            return Ray.actor(PyActorClass.of(MODULE, CLASS), init)
                .setName(n, NAMESPACE)
                .setLifetime(ActorLifetime.DETACHED)
                .setMaxConcurrency(64)
                .remote();
          });
    }
  }

  private boolean kill(String name) {
    actors.remove(name);
    Optional<BaseActorHandle> found = Ray.getActor(name, NAMESPACE);
    found.ifPresent(h -> h.kill(true));
    return found.isPresent();
  }

  private JsonNode list() {
    var arr = json.createArrayNode();
    for (ActorInfo info : Ray.getRuntimeContext().getAllActorInfo()) {
      if (info.name == null || !info.name.startsWith(ACTOR_PREFIX)) {
        continue;
      }
      if (info.state != ActorState.ALIVE
          && info.state != ActorState.PENDING_CREATION
          && info.state != ActorState.RESTARTING) {
        continue;
      }
      ObjectNode a = arr.addObject();
      a.put("name", info.name);
      a.put("actor_id", info.actorId.toString());
      a.put("state", info.state.name());
      a.put("restarts", info.numRestarts);
      if (info.address != null) {
        a.put("node_ip", info.address.ip);
      }
    }
    return arr;
  }

  private synchronized void send(JsonNode reply) {
    out.println(reply.toString());
    out.flush();
  }

  private static void fail(ObjectNode reply, String kind, String message) {
    reply.put("ok", false).put("kind", kind).put("error", message);
  }

  private static String firstLine(Throwable e) {
    Throwable t = e;
    String msg = null;
    while (t != null) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        msg = t.getMessage();
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    String text = msg == null ? e.toString() : msg;
    return text.strip().lines().reduce((a, b) -> b).orElse(text);
  }
}
