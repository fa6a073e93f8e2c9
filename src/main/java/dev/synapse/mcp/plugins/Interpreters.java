package dev.synapse.mcp.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Pythons installed on this machine: the configured default, and those on a search list ({@code
 * PATH} for every {@code python3*} on PATH, or paths whose segments may hold {@code *}), each asked
 * once for its real executable and version.
 */
final class Interpreters {
  private static final Pattern ON_PATH = Pattern.compile("python3(\\.[0-9]+)?");
  private final String configured;
  private final List<String> search;
  private final String pathVariable;
  private final Map<String, Optional<Interpreter>> probed = new ConcurrentHashMap<>();

  Interpreters(String configured, List<String> search, String pathVariable) {
    this.configured = configured;
    this.search = List.copyOf(search);
    this.pathVariable = pathVariable == null ? "" : pathVariable;
  }

  /**
   * The configured Python ({@code SYNAPSE_PYTHON}), resolved; its name as-is if it cannot start.
   */
  Interpreter base() {
    return probe(configured).orElse(new Interpreter(Path.of(configured), "unknown"));
  }

  /** The interpreter for a plugin that declares {@code requires.python}, or null if it does not. */
  Interpreter choose(String requires) throws EnvironmentException {
    if (requires == null || requires.isBlank()) {
      return base();
    }
    PythonSpecifier spec = PythonSpecifier.parse(requires);
    Interpreter base = base();
    if (!base.version().equals("unknown") && spec.matches(base.version())) {
      return base;
    }
    List<Interpreter> all = installed();
    for (Interpreter i : all) {
      if (spec.matches(i.version())) {
        return i;
      }
    }
    throw new EnvironmentException(
        "no installed Python matches requires.python '"
            + spec.text()
            + "'; found: "
            + (all.isEmpty()
                ? "none"
                : String.join(", ", all.stream().map(Interpreter::version).toList()))
            + " (install one, or list it in SYNAPSE_PYTHON_SEARCH)");
  }

  /** Every Python on the search list, oldest version first, one entry per real executable. */
  List<Interpreter> installed() {
    Map<Path, Interpreter> out = new LinkedHashMap<>();
    for (String candidate : candidates()) {
      if (binary(Path.of(candidate))) {
        probe(candidate).ifPresent(i -> out.putIfAbsent(i.path(), i));
      }
    }
    List<Interpreter> list = new ArrayList<>(out.values());
    list.sort(
        Comparator.comparing(
            (Interpreter i) -> PythonSpecifier.numbers(i.version()), PythonSpecifier::compare));
    return list;
  }

  private List<String> candidates() {
    List<String> out = new ArrayList<>();
    for (String entry : search) {
      if (entry.equals("PATH")) {
        for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
          if (!dir.isBlank()) {
            expand(Path.of(dir), List.of("*"), out, ON_PATH);
          }
        }
      } else {
        String e =
            entry.startsWith("~/") ? System.getProperty("user.home") + entry.substring(1) : entry;
        Path p = Path.of(e);
        List<String> segments = new ArrayList<>();
        p.forEach(s -> segments.add(s.toString()));
        expand(p.getRoot() == null ? Path.of("") : p.getRoot(), segments, out, null);
      }
    }
    return out;
  }

  /**
   * Only real executables are asked on the search list: version-manager shims (pyenv's are bash
   * scripts costing ~100 ms each, seconds on a loaded machine) stand for an interpreter the list
   * finds anyway.
   */
  private static boolean binary(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4
          && head[0] == 0x7f
          && head[1] == 'E'
          && head[2] == 'L'
          && head[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }

  private static void expand(Path at, List<String> segments, List<String> out, Pattern only) {
    if (segments.isEmpty()) {
      if (Files.isRegularFile(at) && Files.isExecutable(at)) {
        out.add(at.toString());
      }
      return;
    }
    String head = segments.get(0);
    List<String> rest = segments.subList(1, segments.size());
    if (!head.contains("*")) {
      expand(at.resolve(head), rest, out, only);
      return;
    }
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(at, head)) {
      ds.forEach(matches::add);
    } catch (IOException | RuntimeException e) {
      return;
    }
    matches.sort(Comparator.naturalOrder());
    for (Path m : matches) {
      if (only == null || only.matcher(m.getFileName().toString()).matches()) {
        expand(m, rest, out, only);
      }
    }
  }

  private Optional<Interpreter> probe(String command) {
    return probed.computeIfAbsent(command, Interpreters::ask);
  }

  private static Optional<Interpreter> ask(String command) {
    try {
      Process p =
          new ProcessBuilder(
                  command,
                  "-I",
                  "-S",
                  "-c",
                  "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      String[] out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.length != 2) {
        p.destroyForcibly();
        return Optional.empty();
      }
      Path exe = Path.of(out[0].strip());
      return Files.isExecutable(exe)
          ? Optional.of(new Interpreter(exe, out[1].strip()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
