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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The Python a plugin runs with: the machine's for a plugin without {@code requirements.txt};
 * otherwise a virtualenv keyed by the hash of what gets installed, created once (guarded by a file
 * lock, so the CLI and the server never build the same one twice) and reused by every later run.
 */
public final class PythonEnvironments {
  private static final String READY = ".synapse-ready";
  private final Path root;
  private final String configuredPython;
  private final RequirementRules rules;
  private volatile String basePython;

  public PythonEnvironments(Path home, String python) {
    this(home, python, new RequirementRules(python, List.of()));
  }

  public PythonEnvironments(Path home, String python, RequirementRules rules) {
    this.root = home.resolve("venvs");
    this.configuredPython = python;
    this.rules = rules;
  }

  /** What may be installed: checked before a run is accepted and again before pip starts. */
  public RequirementRules rules() {
    return rules;
  }

  /**
   * The real interpreter behind the configured name, asked once: version-manager shims (pyenv) cost
   * ~100 ms per start, which would double the time of a small local run.
   */
  private String base() {
    String b = basePython;
    if (b == null) {
      b = configuredPython;
      try {
        Process p =
            new ProcessBuilder(configuredPython, "-c", "import sys; print(sys.executable)")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() == 0 && !out.isEmpty() && Files.isExecutable(Path.of(out))) {
          b = out;
        }
      } catch (IOException e) {
        // keep the configured name; starting a run will report the real problem
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      basePython = b;
    }
    return b;
  }

  /** True when running this plugin needs no install step (or the install is already done). */
  public boolean ready(Plugin plugin, List<String> extra) {
    List<String> reqs = requirements(plugin, extra);
    return reqs.isEmpty() || Files.exists(root.resolve(key(plugin, reqs)).resolve(READY));
  }

  /** The python executable for the plugin, installing its requirements first if needed. */
  public Path python(Plugin plugin, List<String> extra, Consumer<String> log)
      throws EnvironmentException {
    List<String> reqs = requirements(plugin, extra);
    if (reqs.isEmpty()) {
      return Path.of(base());
    }
    Path venv = root.resolve(key(plugin, reqs));
    Path python = venv.resolve("bin/python");
    if (Files.exists(venv.resolve(READY))) {
      return python;
    }
    try {
      Files.createDirectories(root);
      try (FileChannel lock =
              FileChannel.open(
                  root.resolve(venv.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          var held = lock.lock()) {
        if (Files.exists(venv.resolve(READY))) {
          return python;
        }
        deleteTree(venv);
        log.accept("creating virtualenv " + venv);
        run(List.of(base(), "-m", "venv", venv.toString()), plugin.dir(), log);
        List<String> install =
            new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--isolated"));
        install.addAll(
            List.of("--disable-pip-version-check", "--no-input", "--progress-bar", "off"));
        install.addAll(rules.allowedOptions());
        install.add("--");
        install.addAll(reqs);
        log.accept("installing: " + String.join(" ", reqs));
        // cwd is the venvs folder, never the plugin's: pip must not take a name for a local folder
        run(install, root, log);
        Files.writeString(venv.resolve(READY), String.join("\n", reqs));
        log.accept("environment ready");
        return python;
      }
    } catch (IOException e) {
      LoggerFactory.getLogger(PythonEnvironments.class)
          .error("preparing {} failed: {}", venv, e.toString());
      throw new EnvironmentException(
          "cannot prepare the plugin's environment; the server log says why");
    }
  }

  /**
   * What gets installed: requirements.txt's requirements, the wheels, and extra requirements given
   * for one run, each checked to be a plain PEP 508 requirement.
   */
  private List<String> requirements(Plugin plugin, List<String> extra) {
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

  private String key(Plugin plugin, List<String> reqs) {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      md.update(configuredPython.getBytes(StandardCharsets.UTF_8));
      for (String r : reqs) {
        Path p = Path.of(r);
        md.update(
            (Files.isRegularFile(p) ? Files.readString(p) : r).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return plugin.code() + "-" + HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash requirements: " + e.getMessage(), e);
    }
  }

  private static void run(List<String> cmd, Path cwd, Consumer<String> log)
      throws IOException, EnvironmentException {
    var pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    // no pip configuration of the server's user or environment applies (pip --isolated too)
    pb.environment().keySet().removeIf(k -> k.startsWith("PIP_"));
    pb.environment().put("PIP_CONFIG_FILE", "/dev/null");
    pb.environment().put("PYTHONNOUSERSITE", "1");
    Process p = pb.start();
    try (var reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String last = "";
      while ((line = reader.readLine()) != null) {
        log.accept(line);
        if (!line.isBlank()) {
          last = line.strip();
        }
      }
      int code = p.waitFor();
      if (code != 0) {
        throw new EnvironmentException(
            "installing requirements failed ("
                + cmd.get(cmd.size() > 2 ? 2 : 0)
                + " exit "
                + code
                + "): "
                + last);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EnvironmentException("installing requirements was interrupted");
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
