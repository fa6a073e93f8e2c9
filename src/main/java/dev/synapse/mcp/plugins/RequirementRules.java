package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What may reach pip: PEP 508 requirement specifiers only (checked by the {@code packaging}
 * library, pip's own parser, run in the configured Python), from every source a requirement comes
 * from; pip options only from the server's allowlist ({@code SYNAPSE_PIP_OPTIONS}).
 */
public final class RequirementRules {
  public static final int MAX_ENTRIES = 200;
  public static final int MAX_LENGTH = 200;
  private static final Logger LOG = LoggerFactory.getLogger(RequirementRules.class);
  private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}]");
  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");
  private static final Set<String> RAY_INSTALLERS = Set.of("pip", "uv", "conda");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CACHE_MAX = 1024;

  private final String python;
  private final List<String> allowedOptions;
  private final String script;
  private final Map<List<String>, String> verdicts = new ConcurrentHashMap<>();

  public RequirementRules(String python, List<String> allowedOptions) {
    this.python = python;
    this.allowedOptions = List.copyOf(allowedOptions);
    try (InputStream in =
        RequirementRules.class
            .getClassLoader()
            .getResourceAsStream("python/check_requirements.py")) {
      this.script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("check_requirements.py missing from the jar", e);
    }
  }

  /** The pip options the server's configuration allows (and adds to every install). */
  public List<String> allowedOptions() {
    return allowedOptions;
  }

  /**
   * Everything a run of the plugin would install: its requirements.txt, its manifest's pip settings
   * and the run's extra requirements. Returns the requirements to install, in order.
   */
  public List<String> check(Plugin plugin, List<String> extra) {
    checkManifest(plugin.manifest());
    List<String> all = new ArrayList<>(readFile(plugin.dir().resolve("requirements.txt")));
    if (extra != null) {
      check("requirements", extra);
      all.addAll(extra);
    }
    return all;
  }

  /** Refuses the first entry of {@code what} that is not a plain PEP 508 requirement. */
  public void check(String what, List<String> entries) {
    if (entries.size() > MAX_ENTRIES) {
      throw new InvalidInputException(
          what + " has " + entries.size() + " entries; at most " + MAX_ENTRIES);
    }
    for (int i = 0; i < entries.size(); i++) {
      String problem = precheck(entries.get(i));
      if (problem != null) {
        throw bad(what, i, entries.get(i), problem);
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    String verdict = verdicts.get(entries);
    if (verdict == null) {
      verdict = askPackaging(entries);
      if (verdicts.size() >= CACHE_MAX) {
        verdicts.clear();
      }
      verdicts.put(List.copyOf(entries), verdict);
    }
    if (!verdict.isEmpty()) {
      int at = verdict.indexOf(':');
      int i = Integer.parseInt(verdict.substring(0, at));
      throw bad(what, i, entries.get(i), verdict.substring(at + 1));
    }
  }

  /**
   * A requirements file's requirements, comments and blank lines dropped, continuations joined; any
   * pip option line ({@code -r}, {@code -e}, {@code --index-url}, ...) is refused.
   */
  public List<String> readFile(Path file) {
    List<String> lines = lines(file);
    check("requirements.txt", lines);
    return lines;
  }

  /** The manifest's {@code package_manager_options} and Ray runtime_env installers, checked. */
  public void checkManifest(PluginManifest manifest) {
    JsonNode options = manifest.config().path("package_manager_options");
    if (!options.isMissingNode() && !options.isNull()) {
      if (!options.isArray()) {
        throw new InvalidInputException("config.yaml package_manager_options must be a list");
      }
      for (JsonNode o : options) {
        if (!allowedOptions.contains(o.asText())) {
          throw new InvalidInputException(
              "config.yaml package_manager_options entry '"
                  + abbreviate(o.asText())
                  + "' is not allowed; pip options come only from the server's SYNAPSE_PIP_OPTIONS"
                  + " ("
                  + (allowedOptions.isEmpty() ? "none" : String.join(" ", allowedOptions))
                  + ")");
        }
      }
    }
    JsonNode runtimeEnv = manifest.config().path("runtime_env");
    for (String installer : RAY_INSTALLERS) {
      if (runtimeEnv.has(installer)) {
        throw new InvalidInputException(
            "config.yaml runtime_env."
                + installer
                + " is not allowed; list requirements in requirements.txt instead");
      }
    }
  }

  /** Lines of a requirements file without comments, blanks and line continuations. */
  public static List<String> lines(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<String> raw;
    try {
      raw = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", file, e.toString());
      throw new InvalidInputException("requirements.txt is not readable UTF-8 text");
    }
    List<String> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : raw) {
      String l = COMMENT.matcher(line).replaceAll("");
      if (l.endsWith("\\")) {
        pending.append(l, 0, l.length() - 1);
        continue;
      }
      pending.append(l);
      String joined = pending.toString().strip();
      pending.setLength(0);
      if (!joined.isEmpty()) {
        out.add(joined);
      }
    }
    if (!pending.toString().isBlank()) {
      out.add(pending.toString().strip());
    }
    return out;
  }

  private static String precheck(String entry) {
    if (entry == null || entry.isBlank()) {
      return "an empty requirement";
    }
    if (entry.length() > MAX_LENGTH) {
      return entry.length() + " characters; at most " + MAX_LENGTH;
    }
    if (UNPRINTABLE.matcher(entry).find()) {
      return "control or formatting characters are not allowed";
    }
    if (entry.strip().startsWith("-")) {
      return "pip options are not allowed; only PEP 508 requirements like 'requests>=2.31'";
    }
    return null;
  }

  /** "" when every entry is fine, else "index:reason". */
  private String askPackaging(List<String> entries) {
    Process p = null;
    try {
      p =
          new ProcessBuilder(python, "-I", "-c", script)
              .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (var in = p.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(entries));
      }
      byte[] out = p.getInputStream().readNBytes(64 * 1024);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("exit " + (p.isAlive() ? "timeout" : p.exitValue()));
      }
      JsonNode answer = JSON.readTree(out);
      if (answer == null || answer.isNull()) {
        return "";
      }
      int index = answer.path("index").asInt(-1);
      if (index < 0) {
        LOG.error("{} lacks the 'packaging' library; requirements are refused", python);
        throw new UnavailableException(
            "this server cannot check requirements (its Python lacks the 'packaging' library);"
                + " ask the operator to install it");
      }
      return index + ":" + answer.path("reason").asText();
    } catch (IOException e) {
      LOG.error("checking requirements with {} failed: {}", python, e.toString());
      throw new UnavailableException("this server cannot check requirements right now");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("checking requirements was interrupted");
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  private static InvalidInputException bad(String what, int i, String entry, String why) {
    return new InvalidInputException(
        what + " entry " + (i + 1) + " '" + abbreviate(entry) + "' is refused: " + why);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    String shown = UNPRINTABLE.matcher(s).replaceAll("?");
    return shown.length() > 80 ? shown.substring(0, 77) + "..." : shown;
  }
}
