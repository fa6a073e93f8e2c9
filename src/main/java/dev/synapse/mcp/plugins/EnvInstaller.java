package dev.synapse.mcp.plugins;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Creates a virtualenv and installs into it, with {@code uv} when there is one, else pip. */
final class EnvInstaller {
  private final Path uv;
  private final List<String> allowedOptions;
  private final Path workDir;

  /**
   * {@code allowedOptions}: the server's own installer options (its allowlist), the only ones ever
   * passed; {@code workDir}: where the installer runs, never a plugin's folder (pip must not take a
   * requirement's name for a local folder).
   */
  EnvInstaller(EnvSettings settings, List<String> allowedOptions, Path workDir) {
    this.uv = locate(settings.uv(), settings.pathVariable());
    this.allowedOptions = List.copyOf(allowedOptions);
    this.workDir = workDir;
  }

  /** The uv executable, or null when there is none (or it is turned off). */
  Path uv() {
    return uv;
  }

  /**
   * The options {@code uv pip install} takes with the meaning pip gives them (names as pip spells
   * them); an install with any other option (say {@code --trusted-host} or {@code --no-cache-dir})
   * goes through pip.
   */
  private static final java.util.Set<String> UV_TAKES =
      java.util.Set.of(
          "--index-url",
          "-i",
          "--extra-index-url",
          "--find-links",
          "-f",
          "--no-index",
          "--no-build-isolation",
          "--no-binary",
          "--only-binary",
          "--pre",
          "--no-deps",
          "--upgrade",
          "-U",
          "--reinstall",
          "--require-hashes",
          "--prefer-binary",
          "--no-build",
          "--index-strategy",
          "--keyring-provider");

  /** The first of the server's options that uv does not take, or null when it takes them all. */
  String firstOptionUvLacks() {
    for (String o : allowedOptions) {
      String name = o.startsWith("-") ? o.split("=", 2)[0] : null;
      if (name != null && !UV_TAKES.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** The server's own options, as given to every install. */
  List<String> options() {
    return allowedOptions;
  }

  void install(EnvironmentSpec spec, EnvBuild b) throws EnvironmentException, IOException {
    String python = spec.interpreter().path().toString();
    String venvPython = spec.venv().resolve("bin/python").toString();
    List<String> install = new ArrayList<>();
    if (spec.manager().equals("uv")) {
      step(
          b,
          "creating the virtualenv",
          List.of(uv.toString(), "venv", "--python", python, spec.venv().toString()));
      install.addAll(
          List.of(uv.toString(), "pip", "install", "--no-config", "--python", venvPython));
    } else {
      step(b, "creating the virtualenv", List.of(python, "-m", "venv", spec.venv().toString()));
      install.addAll(
          List.of(
              venvPython,
              "-m",
              "pip",
              "install",
              "--isolated",
              "--disable-pip-version-check",
              "--no-input",
              "--progress-bar",
              "off"));
    }
    install.addAll(allowedOptions);
    install.add("--");
    install.addAll(spec.requirements());
    step(b, "installing requirements", install);
  }

  private void step(EnvBuild b, String what, List<String> cmd)
      throws EnvironmentException, IOException {
    b.line(what + ": " + String.join(" ", cmd));
    if (b.stopped()) {
      throw new EnvironmentException("stopped");
    }
    Files.createDirectories(workDir);
    var pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    // no installer configuration of the server's user or environment applies
    pb.environment().keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("UV_"));
    pb.environment().put("PIP_CONFIG_FILE", "/dev/null");
    pb.environment().put("PYTHONNOUSERSITE", "1");
    pb.environment().put("UV_NO_CONFIG", "1");
    pb.environment().put("UV_PYTHON_DOWNLOADS", "never");
    pb.environment().put("UV_NO_PROGRESS", "1");
    pb.environment().remove("VIRTUAL_ENV");
    Process p = pb.start();
    p.getOutputStream().close();
    b.running(p);
    PythonEnvironments.pump(p, b::line);
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EnvironmentException("installing requirements was interrupted");
    }
    if (b.stopped()) {
      throw new EnvironmentException("stopped");
    }
    if (code != 0) {
      List<String> last =
          b.lastLines(40).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
      String tail = String.join(" ", last.subList(Math.max(0, last.size() - 2), last.size()));
      throw new EnvironmentException(
          what
              + " failed ("
              + (cmd.get(0).endsWith("uv") ? "uv" : "pip")
              + " exit "
              + code
              + "): "
              + tail.replaceAll("[╰─▶×│]+", "").replaceAll("\\s+", " ").strip());
    }
  }

  private static Path locate(String uv, String pathVariable) {
    if (uv == null || uv.isBlank() || uv.equals("off")) {
      return null;
    }
    if (uv.contains("/")) {
      Path p = Path.of(uv);
      return Files.isExecutable(p) ? p.toAbsolutePath() : null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, uv))) {
        return Path.of(dir, uv);
      }
    }
    return null;
  }
}
