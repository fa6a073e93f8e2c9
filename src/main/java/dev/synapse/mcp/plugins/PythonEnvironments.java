package dev.synapse.mcp.plugins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Python a plugin runs with: an installed interpreter matching its {@code requires.python}, and
 * for a plugin with requirements a virtualenv addressed by its content (Python version and what
 * gets installed). Each is built once, in a small pool, by one thread of one process (a file lock
 * across processes, one shared {@link EnvBuild} inside this one), whoever waits for it; a failed
 * build is remembered for a while so callers hear at once why.
 */
public final class PythonEnvironments implements AutoCloseable {
  private static final String READY = ".synapse-ready";
  private static final int FAILURE_LINES = 20;
  private final Path root;
  private final EnvSettings settings;
  private final Interpreters interpreters;
  private final ExecutorService pool;
  private final Map<String, EnvBuild> building = new ConcurrentHashMap<>();
  private final EnvInstaller installer;
  private final RequirementRules rules;
  private volatile java.util.function.ObjLongConsumer<String> buildListener = (o, nanos) -> {};

  public PythonEnvironments(Path home, EnvSettings settings, RequirementRules rules) {
    this.root = home.resolve("venvs");
    this.settings = settings;
    this.rules = rules;
    this.interpreters =
        new Interpreters(settings.python(), settings.pythonSearch(), settings.pathVariable());
    this.installer = new EnvInstaller(settings, rules.allowedOptions(), root);
    String lacks = installer.firstOptionUvLacks();
    if (installer.uv() != null && lacks != null) {
      org.slf4j.LoggerFactory.getLogger(PythonEnvironments.class)
          .info(
              "SYNAPSE_PIP_OPTIONS has {}, which uv pip does not take: environments are built"
                  + " with pip",
              lacks);
    }
    this.pool =
        Executors.newFixedThreadPool(
            settings.parallelBuilds(),
            r -> {
              Thread t = new Thread(r, "env-build");
              t.setDaemon(true);
              return t;
            });
  }

  /** Asks the installed Pythons for their versions now, in the background, so runs need not. */
  public void warmUp() {
    pool.execute(
        () -> {
          interpreters.base();
          interpreters.installed();
        });
  }

  public PythonEnvironments(Path home, EnvSettings settings) {
    this(home, settings, new RequirementRules(settings.python(), List.of()));
  }

  public PythonEnvironments(Path home, String python) {
    this(home, EnvSettings.of(python));
  }

  /** What may be installed: checked before a run is accepted and again before pip starts. */
  public RequirementRules rules() {
    return rules;
  }

  @Override
  public void close() {
    building.values().forEach(EnvBuild::stop);
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the plugin's environment is made of; refuses a {@code requires.python} none matches. */
  public EnvironmentSpec spec(Plugin plugin, List<String> extra) throws EnvironmentException {
    List<String> reqs = requirements(plugin, extra);
    String requires = plugin.manifest().config().path("requires").path("python").asText(null);
    Interpreter python = interpreters.choose(requires);
    String manager =
        "pip".equals(plugin.manifest().config().path("package_manager").asText(null))
                || installer.uv() == null
                || installer.firstOptionUvLacks() != null
            ? "pip"
            : "uv";
    if (reqs.isEmpty()) {
      return new EnvironmentSpec(plugin.code(), python, reqs, manager, null, null);
    }
    String key = "py" + python.version() + "-" + hash(python, manager, installer.options(), reqs);
    return new EnvironmentSpec(plugin.code(), python, reqs, manager, key, root.resolve(key));
  }

  public EnvState state(EnvironmentSpec spec) {
    if (spec.bare() || Files.exists(spec.venv().resolve(READY))) {
      return new EnvState(spec, "ready", null, null, null);
    }
    if (building.containsKey(spec.key())) {
      return new EnvState(spec, "building", null, null, null);
    }
    FailureRecord failed = FailureRecord.read(failureFile(spec), settings.failureTtlMs());
    if (failed != null) {
      return new EnvState(
          spec, "failed", failed.error(), failed.lines(), failed.retryAfterMs() / 1000 + 1);
    }
    return new EnvState(spec, "missing", null, null, null);
  }

  /**
   * The build of this environment: the one under way, a new one, or one already done. A failure
   * remembered within the configured time is thrown at once, unless {@code retry}.
   */
  public EnvBuild build(EnvironmentSpec spec, boolean retry) throws EnvironmentException {
    if (spec.bare()) {
      EnvBuild done = new EnvBuild(spec);
      done.done.complete(spec.python());
      return done;
    }
    if (retry) {
      try {
        Files.deleteIfExists(failureFile(spec));
      } catch (IOException ignored) {
        // a record that cannot be removed only delays the retry
      }
    }
    EnvState now = state(spec);
    if (now.failed()) {
      throw new EnvironmentException(now.error());
    }
    return building.computeIfAbsent(
        spec.key(),
        k -> {
          EnvBuild b = new EnvBuild(spec);
          b.line(
              "environment "
                  + spec.key()
                  + ": Python "
                  + spec.interpreter().version()
                  + " ("
                  + spec.interpreter().path()
                  + "), installing with "
                  + spec.manager()
                  + (building.size() >= settings.parallelBuilds()
                      ? "; waiting for a free slot"
                      : ""));
          pool.execute(() -> run(b));
          return b;
        });
  }

  /** Starts (or joins) the build ahead of any run; kept to its end whoever else gives up. */
  public EnvBuild prepare(EnvironmentSpec spec, boolean retry) throws EnvironmentException {
    EnvBuild b = build(spec, retry);
    b.pin();
    return b;
  }

  /** The python executable for the plugin, waiting for its environment if needed. */
  public Path python(Plugin plugin, List<String> extra, Consumer<String> log)
      throws EnvironmentException {
    EnvironmentSpec spec = spec(plugin, extra);
    if (state(spec).ready()) {
      return spec.python();
    }
    EnvBuild b = build(spec, false);
    b.pin();
    try (AutoCloseable follow = b.follow(log)) {
      return b.await();
    } catch (EnvironmentException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentException("waiting for the environment was interrupted");
    } catch (Exception e) {
      throw new EnvironmentException("waiting for the environment failed: " + e.getMessage());
    }
  }

  /**
   * Builds under the lock; the build leaves the in-flight map before its outcome is published, so
   * whoever hears of the outcome also sees it in {@link #state} (failed, ready), never "building".
   */
  /** Hears each finished build: its outcome (ready, failed, stopped) and time (for /metrics). */
  public void onBuild(java.util.function.ObjLongConsumer<String> listener) {
    this.buildListener = listener;
  }

  private void run(EnvBuild b) {
    EnvironmentSpec spec = b.spec;
    EnvironmentException failure = null;
    long started = System.nanoTime();
    boolean built = false;
    try {
      Files.createDirectories(root);
      try (FileChannel lock =
              FileChannel.open(
                  root.resolve(spec.key() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          var held = lockOrWait(lock, b)) {
        if (!Files.exists(spec.venv().resolve(READY))) {
          long t0 = System.nanoTime();
          deleteTree(spec.venv());
          built = true;
          installer.install(spec, b);
          Files.writeString(spec.venv().resolve(READY), String.join("\n", spec.requirements()));
          b.line(
              String.format(
                  "environment ready in %.1f s (%s)",
                  (System.nanoTime() - t0) / 1e9, spec.manager()));
        }
      }
    } catch (EnvironmentException e) {
      if (b.stopped()) {
        b.line("build stopped: every run waiting for it was cancelled");
        failure = new EnvironmentException("the environment build was stopped");
      } else {
        FailureRecord.write(failureFile(spec), e.getMessage(), b.lastLines(FAILURE_LINES));
        failure = e;
      }
      quietlyDelete(spec.venv());
    } catch (IOException | RuntimeException e) {
      failure =
          new EnvironmentException("cannot prepare the plugin's environment: " + e.getMessage());
    } finally {
      building.remove(spec.key(), b);
    }
    if (built) {
      String outcome = failure == null ? "ready" : b.stopped() ? "stopped" : "failed";
      buildListener.accept(outcome, System.nanoTime() - started);
    }
    if (failure == null) {
      b.done.complete(spec.python());
    } else {
      b.done.completeExceptionally(failure);
    }
  }

  /**
   * The build lock; when another process holds it (building the same environment), says so first.
   */
  private static java.nio.channels.FileLock lockOrWait(FileChannel lock, EnvBuild b)
      throws IOException {
    var held = lock.tryLock();
    if (held != null) {
      return held;
    }
    b.line("another process is building this environment; waiting for it to finish");
    return lock.lock();
  }

  /**
   * What gets installed: requirements.txt's requirements and the extra requirements given for one
   * run, each checked to be a plain PEP 508 requirement, then the plugin's wheels.
   */
  List<String> requirements(Plugin plugin, List<String> extra) {
    List<String> out = new ArrayList<>(rules.check(plugin, extra));
    Path wheels = plugin.dir().resolve("wheels");
    if (Files.isDirectory(wheels)) {
      try (Stream<Path> list = Files.list(wheels)) {
        list.filter(p -> p.toString().endsWith(".whl"))
            .sorted()
            .forEach(p -> out.add(p.toString()));
      } catch (IOException ignored) {
        // no readable wheels: nothing to add
      }
    }
    return out;
  }

  private static boolean hasContent(Path req) {
    try (Stream<String> lines = Files.lines(req)) {
      return lines.map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return true;
    }
  }

  /**
   * The content address: Python version, the installer and the server's installer options (another
   * index may give other packages), then each requirement (a file by its content).
   */
  private static String hash(
      Interpreter python, String manager, List<String> options, List<String> reqs) {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      md.update(python.version().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(manager.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      for (String o : options) {
        md.update(o.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 1);
      }
      md.update((byte) 0);
      for (String r : reqs) {
        Path p = Path.of(r);
        boolean file = !r.startsWith("-") && Files.isRegularFile(p);
        md.update(
            (file ? p.getFileName() + "\n" + HexFormat.of().formatHex(digest(p)) : r)
                .getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash requirements: " + e.getMessage(), e);
    }
  }

  private static byte[] digest(Path file)
      throws IOException, java.security.NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
  }

  private Path failureFile(EnvironmentSpec spec) {
    return root.resolve(spec.key() + ".failed");
  }

  static void pump(Process p, Consumer<String> sink) throws IOException {
    try (var reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        sink.accept(line);
      }
    }
  }

  private static void quietlyDelete(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException ignored) {
      // the next build deletes it first anyway
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
