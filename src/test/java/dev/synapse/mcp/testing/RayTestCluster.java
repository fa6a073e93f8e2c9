package dev.synapse.mcp.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Ray heads shared by every Ray test class of the build (small: 2 CPUs, 256 MB object store,
 * loopback dashboard, usage stats off, their own temp dirs and ports), each started on first use
 * and stopped by a JVM shutdown hook: {@link #shared()} runs Ray 2.39.0 from the project's {@code
 * .venv} (the Java driver's version), {@link #newest()} runs the newest Ray from its own virtualenv
 * (installed by {@code scripts/ray-newest}) with token authentication on. Stopping kills only the
 * processes of one cluster (found by its temp dir), never other Ray clusters on the machine.
 */
public final class RayTestCluster {
  private static RayTestCluster shared;
  private static RayTestCluster newest;

  /** Where a flavour of Ray lives and how its head is started. */
  private record Flavor(String name, Path bin, int minWorkerPort, boolean tokenAuth) {}

  private final Flavor flavor;

  /** Per checkout and flavour, so two work trees on one machine never stop each other's cluster. */
  private final Path temp;

  /** The head's auth token (64 hex), or null when the head runs without token auth. */
  private final String token;

  private static final int PORTS = 9;
  private int base;
  private int gcsPort;
  private int dashboardPort;
  private int clientPort;
  private boolean running;

  private RayTestCluster(Flavor flavor) {
    this.flavor = flavor;
    this.temp =
        Path.of(
            "/tmp/ray-synapse-test-"
                + (flavor.tokenAuth() ? flavor.name() + "-" : "")
                + Integer.toHexString(TestHome.repo().toString().hashCode()));
    this.token = flavor.tokenAuth() ? newToken() : null;
    pickPorts();
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /**
   * Nine consecutive free ports below Linux's ephemeral range (32768+), so no outgoing connection
   * takes one between picking and binding; the workers get 23000-23999.
   */
  private void pickPorts() {
    var random = new java.util.Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int candidate = 20000 + random.nextInt(2900);
      boolean free = true;
      for (int i = 0; i < PORTS && free; i++) {
        free = isFree(candidate + i);
      }
      if (free) {
        base = candidate;
        gcsPort = base;
        dashboardPort = base + 1;
        clientPort = base + 2;
        return;
      }
    }
    throw new IllegalStateException("no 9 free consecutive ports in 20000-22999");
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new java.net.InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when the project has .venv/bin/ray, so {@link #shared()} will not skip. */
  public static boolean installed() {
    return Files.isExecutable(ray());
  }

  /**
   * Skips the calling test when Ray is not installed. Call it from {@code @BeforeEach}: a skip in
   * {@code @BeforeAll} reports no test at all, so the skipped tests would vanish from the counts.
   */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed(), "Ray tests skipped: " + ray() + " is missing (run ./scripts/setup)");
  }

  /** The running shared cluster; skips the calling test when the project has no .venv/bin/ray. */
  public static synchronized RayTestCluster shared() {
    Path ray = ray();
    Assumptions.assumeTrue(
        Files.isExecutable(ray),
        "Ray tests skipped: " + ray + " is missing (run ./scripts/setup to create .venv)");
    if (shared == null) {
      shared = new RayTestCluster(new Flavor("2.39", venvBin(), 23000, false));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "ray-test-cluster-stop"));
    }
    shared.ensureRunning();
    return shared;
  }

  /** The newest Ray's virtualenv, as {@code scripts/ray-newest} installs it. */
  public static Path newestVenv() {
    String cache = System.getenv("SYNAPSE_TEST_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "synapse-mcp-tests")
            : Path.of(cache);
    return root.resolve("ray-" + NEWEST + "-py312");
  }

  /** The newest Ray on PyPI that the tests drive; keep in step with {@code scripts/ray-newest}. */
  public static final String NEWEST = "2.60.0";

  /** True when {@code scripts/ray-newest} has installed the newest Ray. */
  public static boolean newestInstalled() {
    return Files.exists(newestVenv().resolve(".ready"))
        && Files.isExecutable(newestVenv().resolve("bin/ray"));
  }

  /**
   * Skips the calling test when the newest Ray is not installed (call from {@code @BeforeEach}).
   */
  public static void assumeNewestInstalled() {
    Assumptions.assumeTrue(
        newestInstalled(),
        "Ray "
            + NEWEST
            + " tests skipped: "
            + newestVenv()
            + " is missing (run ./scripts/setup or ./scripts/ray-newest)");
  }

  /**
   * The running head of the newest Ray, token authentication on; skips the calling test when that
   * Ray is not installed.
   */
  public static synchronized RayTestCluster newest() {
    assumeNewestInstalled();
    if (newest == null) {
      newest = new RayTestCluster(new Flavor(NEWEST, newestVenv().resolve("bin"), 24000, true));
      Runtime.getRuntime().addShutdownHook(new Thread(newest::stop, "ray-newest-cluster-stop"));
    }
    newest.ensureRunning();
    return newest;
  }

  private void ensureRunning() {
    if (!running) {
      try {
        start();
      } catch (IllegalStateException firstTry) {
        // a port taken meanwhile: once more on other ports
        pickPorts();
        start();
      }
    }
  }

  public static Path venvBin() {
    return TestHome.repo().resolve(".venv/bin");
  }

  private static Path ray() {
    return venvBin().resolve("ray");
  }

  /** This cluster's Ray version: 2.39.0 or {@link #NEWEST}. */
  public String rayVersion() {
    return flavor.tokenAuth() ? NEWEST : "2.39.0";
  }

  /** The head's auth token, or null when it runs without token auth. */
  public String token() {
    return token;
  }

  /** The bin directory of the virtualenv this head runs from. */
  public Path bin() {
    return flavor.bin();
  }

  public String gcsAddress() {
    return "127.0.0.1:" + gcsPort;
  }

  public String dashboard() {
    return "http://127.0.0.1:" + dashboardPort;
  }

  /** Server environment pointing at this cluster (with its token when it has one). */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("RAY_ADDRESS", gcsAddress());
    env.put("SYNAPSE_RAY_DASHBOARD", dashboard());
    if (token != null) {
      env.put("SYNAPSE_RAY_AUTH_TOKEN", token);
      // task mode drives the newest Ray through the Python driver, with this Ray's Python
      env.put("SYNAPSE_RAY_PYTHON", flavor.bin().resolve("python").toString());
    }
    return Map.copyOf(env);
  }

  private void start() {
    kill(); // leftovers of an earlier, interrupted build
    List<String> cmd =
        new ArrayList<>(
            List.of(
                flavor.bin().resolve("ray").toString(),
                "start",
                "--head",
                "--node-ip-address=127.0.0.1",
                "--port=" + gcsPort,
                "--dashboard-host=127.0.0.1",
                "--dashboard-port=" + dashboardPort,
                "--ray-client-server-port=" + clientPort,
                "--node-manager-port=" + (base + 3),
                "--object-manager-port=" + (base + 4),
                "--metrics-export-port=" + (base + 5),
                "--dashboard-agent-listen-port=" + (base + 6),
                "--dashboard-agent-grpc-port=" + (base + 7),
                "--runtime-env-agent-port=" + (base + 8),
                "--min-worker-port=" + flavor.minWorkerPort(),
                "--max-worker-port=" + (flavor.minWorkerPort() + 999),
                "--num-cpus=2",
                "--object-store-memory=268435456",
                "--disable-usage-stats",
                "--temp-dir=" + temp));
    try {
      var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      Map<String, String> env = pb.environment();
      env.putAll(processEnv(flavor.bin()));
      if (token != null) {
        // the head enforces the token; it never lands in ~/.ray, which other clusters would read
        env.put("RAY_AUTH_MODE", "token");
        env.put("RAY_AUTH_TOKEN", token);
      }
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        kill();
        throw new IllegalStateException("ray start failed; see " + logFile());
      }
      try {
        waitForDashboard();
      } catch (IllegalStateException e) {
        kill();
        throw e;
      }
      running = true;
    } catch (IOException e) {
      throw new IllegalStateException("ray start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The environment Ray runs with: the venv first on PATH, so job entrypoints find its python3. */
  public static Map<String, String> processEnv() {
    return processEnv(venvBin());
  }

  private static Map<String, String> processEnv(Path bin) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("RAY_USAGE_STATS_ENABLED", "0");
    env.put("VIRTUAL_ENV", bin.getParent().toString());
    return env;
  }

  private Path logFile() throws IOException {
    return Files.createDirectories(TestHome.repo().resolve("target"))
        .resolve(flavor.tokenAuth() ? "ray-" + flavor.name() + "-head.log" : "ray-test-head.log");
  }

  private void waitForDashboard() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        var req =
            HttpRequest.newBuilder(URI.create(dashboard() + "/api/version"))
                .timeout(Duration.ofSeconds(2));
        if (token != null) {
          req.header("Authorization", "Bearer " + token);
        }
        var res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the Ray dashboard did not answer within 90 s; see " + temp);
  }

  /** Stops this cluster (every process whose command line names its temp dir). */
  public synchronized void stop() {
    running = false;
    kill();
  }

  private void kill() {
    String marker = temp.toString();
    String client = "--port=" + clientPort + " ";
    var ours = new java.util.LinkedHashSet<ProcessHandle>();
    ProcessHandle.allProcesses()
        .filter(
            h ->
                h.info()
                    .commandLine()
                    .map(
                        c ->
                            c.contains(marker)
                                || c.contains("ray.util.client.server") && c.contains(client))
                    .orElse(false))
        .filter(h -> h.pid() != ProcessHandle.current().pid())
        .forEach(
            h -> {
              ours.add(h);
              // workers and actors rename themselves (ray::…): find them as the raylet's children
              h.descendants().forEach(ours::add);
            });
    ours.forEach(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + 10_000;
    for (ProcessHandle h : ours) {
      while (h.isAlive() && System.currentTimeMillis() < deadline) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      h.destroyForcibly();
    }
  }
}
