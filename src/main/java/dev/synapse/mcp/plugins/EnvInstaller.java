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

  EnvInstaller(EnvSettings settings) {
    this.uv = locate(settings.uv(), settings.pathVariable());
  }

  /** The uv executable, or null when there is none (or it is turned off). */
  Path uv() {
    return uv;
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
      install.addAll(List.of(uv.toString(), "pip", "install", "--python", venvPython));
    } else {
      step(b, "creating the virtualenv", List.of(python, "-m", "venv", spec.venv().toString()));
      install.addAll(
          List.of(
              venvPython,
              "-m",
              "pip",
              "install",
              "--disable-pip-version-check",
              "--no-input",
              "--progress-bar",
              "off"));
    }
    install.addAll(spec.requirements());
    step(b, "installing requirements", install);
  }

  private void step(EnvBuild b, String what, List<String> cmd)
      throws EnvironmentException, IOException {
    b.line(what + ": " + String.join(" ", cmd));
    if (b.stopped()) {
      throw new EnvironmentException("stopped");
    }
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
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
