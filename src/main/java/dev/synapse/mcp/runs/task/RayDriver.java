package dev.synapse.mcp.runs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.ray.ClusterInfo;
import dev.synapse.mcp.ray.ClusterProbe;
import dev.synapse.mcp.ray.RayTokenRejectedException;
import dev.synapse.mcp.runs.RayCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises the Ray driver child JVM ({@code synapse-mcp ray-driver}, same classpath as the
 * server): starts it on first use, sends it newline-delimited JSON requests, matches the replies,
 * and starts a new one after it dies. A Ray driver whose cluster goes away ends its own JVM; this
 * keeps that from ever touching the server.
 */
final class RayDriver implements AutoCloseable {
  /** The JDK internals Ray's serializer reflects into; without them Java 17 kills the driver. */
  static final List<String> ADD_OPENS =
      List.of(
          "java.lang", "java.math", "java.util", "java.util.concurrent", "java.net", "java.text");

  private static final Logger LOG = LoggerFactory.getLogger(RayDriver.class);
  private static final long READY_TIMEOUT_S = 90;
  private final RayCluster cluster;
  private final Path runnerDir;
  private final Path logFile;
  private final ObjectMapper json;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private Process process;
  private OutputStream stdin;
  private volatile String exitReason;

  RayDriver(RayCluster cluster, Path runnerDir, Path logDir, ObjectMapper json) {
    this.cluster = cluster;
    this.runnerDir = runnerDir;
    this.logFile = logDir.resolve("ray-driver.log");
    this.json = json;
  }

  /** Sends one request and waits for its reply; a reply with ok=false is returned as it is. */
  JsonNode request(ObjectNode req, long timeoutMs) throws RayUnavailableException {
    long id = ids.incrementAndGet();
    req.put("id", id);
    var future = new CompletableFuture<JsonNode>();
    pending.put(id, future);
    try {
      synchronized (this) {
        ensureRunning();
        stdin.write((req.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      return future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      throw new RayUnavailableException("the Ray driver is not accepting requests: " + reason());
    } catch (ExecutionException e) {
      throw new RayUnavailableException(e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new RayUnavailableException(
          "the Ray driver did not answer within " + timeoutMs / 1000 + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayUnavailableException("interrupted while waiting for Ray");
    } finally {
      pending.remove(id);
    }
  }

  synchronized boolean running() {
    return process != null && process.isAlive();
  }

  synchronized Long pid() {
    return running() ? process.pid() : null;
  }

  private void ensureRunning() throws RayUnavailableException, IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    String problem = cluster.gcsProblem(2000);
    if (problem != null) {
      throw new RayUnavailableException(
          "Ray is not reachable at "
              + cluster.gcsAddress()
              + " ("
              + problem
              + "); start it with `ray start --head` or fix RAY_ADDRESS");
    }
    Files.createDirectories(logFile.getParent());
    long startedAt = System.currentTimeMillis();
    Process p = (pythonDriver() ? pythonCommand() : command()).start();
    var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    var ready = new CompletableFuture<Void>();
    Thread reader = new Thread(() -> read(p, out, ready, startedAt), "ray-driver-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new RayUnavailableException(
          "the Ray driver did not start ("
              + (e.getCause() == null ? "no answer in " + READY_TIMEOUT_S + " s" : reason())
              + "); see "
              + logFile);
    }
    process = p;
    stdin = p.getOutputStream();
    LOG.info("Ray driver started (pid {}, cluster {})", p.pid(), cluster.gcsAddress());
  }

  /**
   * True when the cluster runs another Ray than the Java API's and a Python driver is configured;
   * refuses at once (naming both versions) when none is, or when the cluster rejects the token.
   */
  private boolean pythonDriver() throws RayUnavailableException {
    ClusterInfo info;
    try {
      info =
          new ClusterProbe(cluster.dashboardUrl(), cluster.token(), Duration.ofSeconds(2)).probe();
    } catch (RayTokenRejectedException e) {
      throw new RayUnavailableException(e.getMessage());
    } catch (IOException noDashboard) {
      return false; // versions unknown: the Java driver tries, as before
    }
    if (info.javaDriverMatches()) {
      return false;
    }
    if (cluster.driverPython() == null) {
      throw new RayUnavailableException(info.javaMismatch());
    }
    return true;
  }

  /** The Python driver child: the runner's {@code ray_driver} under the cluster's Ray. */
  ProcessBuilder pythonCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            cluster.driverPython(),
            "-m",
            "synapse_runner.ray_driver",
            "--address",
            cluster.gcsAddress(),
            "--namespace",
            RayDriverMain.NAMESPACE,
            "--code-search-path",
            runnerDir.toString()));
    if (cluster.nodeIp() != null) {
      cmd.addAll(List.of("--node-ip", cluster.nodeIp()));
    }
    var pb = new ProcessBuilder(cmd);
    var env = pb.environment();
    env.put("PYTHONPATH", runnerDir.toString());
    env.put("PYTHONUNBUFFERED", "1");
    env.put("RAY_gcs_rpc_server_reconnect_timeout_s", "10");
    env.remove("RAY_ADDRESS");
    if (cluster.token() != null) {
      env.putAll(cluster.token().driverEnv());
    }
    pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return pb;
  }

  ProcessBuilder command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String pkg : ADD_OPENS) {
      cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-Dray.address=" + cluster.gcsAddress(),
            "-Dray.job.namespace=" + RayDriverMain.NAMESPACE,
            "-Dray.job.code-search-path=" + runnerDir,
            "-Dray.logging.level=WARN"));
    if (cluster.nodeIp() != null) {
      cmd.add("-Dray.node-ip=" + cluster.nodeIp());
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.synapse.mcp.cli.Main",
            "ray-driver"));
    var pb = new ProcessBuilder(cmd);
    // A driver that lost its cluster gives up after this many seconds (Ray's default is 60).
    pb.environment().put("RAY_gcs_rpc_server_reconnect_timeout_s", "10");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    return pb;
  }

  private void read(Process p, BufferedReader out, CompletableFuture<Void> ready, long startedAt) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        JsonNode msg;
        try {
          msg = json.readTree(line);
        } catch (IOException notJson) {
          LOG.debug("ray driver: {}", line);
          continue;
        }
        if ("ready".equals(msg.path("event").asText())) {
          ready.complete(null);
          continue;
        }
        var f = pending.get(msg.path("id").asLong());
        if (f != null) {
          f.complete(msg);
        }
      }
    } catch (IOException ignored) {
      // the pipe closed: handled below
    }
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exitReason =
        "the Ray driver exited"
            + (p.isAlive() ? "" : " with code " + p.exitValue())
            + lastError()
            + "; see "
            + logFile;
    LOG.warn("{}", exitReason);
    RayNativeCopies.remove(startedAt, System.currentTimeMillis());
    var failure = new IllegalStateException(exitReason);
    ready.completeExceptionally(failure);
    synchronized (this) {
      if (process == p) {
        process = null;
      }
    }
    pending.values().forEach(f -> f.completeExceptionally(failure));
  }

  private String reason() {
    return exitReason == null ? "unknown reason" : exitReason;
  }

  /** The driver log's most telling recent line (Ray says why it gave up there). */
  private String lastError() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
      for (int i = lines.size() - 1; i >= Math.max(0, lines.size() - 200); i--) {
        String l = lines.get(i);
        if (l.contains("Failed to connect to GCS")
            || l.contains("GCS") && l.contains("terminate")
            || l.contains("Exception")
            || l.contains("Error")) {
          String s = l.strip();
          return ": " + (s.length() > 300 ? s.substring(0, 300) + "…" : s);
        }
      }
    } catch (IOException ignored) {
      // no log to quote
    }
    return "";
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      try {
        stdin.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }
}
