package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Plugins as callers see them: listing, resolving a reference (code, code@version, or a path under
 * a plugin root), an action's full config and its parameter schema (the manifest's, or the Pydantic
 * model's via the runner, cached), and checking params against that schema before anything starts.
 */
public final class PluginService {
  private static final long DESCRIBE_TIMEOUT_S = 120;
  private final PluginDiscovery discovery;
  private final PythonEnvironments environments;
  private final RunnerCommand runner;
  private final ObjectMapper json;
  private final ParamsValidator validator;
  private final Map<String, JsonNode> described = new ConcurrentHashMap<>();

  public PluginService(
      PluginDiscovery discovery,
      PythonEnvironments environments,
      RunnerCommand runner,
      ObjectMapper json) {
    this.discovery = discovery;
    this.environments = environments;
    this.runner = runner;
    this.json = json;
    this.validator = new ParamsValidator(json);
  }

  /**
   * Refuses a run whose requirements (requirements.txt, the manifest's pip settings, the run's
   * extra ones) are anything but plain PEP 508 requirements and allowlisted options.
   */
  public void checkRequirements(Plugin plugin, List<String> extra) {
    environments.rules().check(plugin, extra);
  }

  public List<DiscoveredPlugin> list() {
    return discovery.scan();
  }

  /** The plugin a caller names; a path must lie inside a plugin root, symlinks resolved. */
  public Plugin resolve(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new InvalidInputException(
          "plugin is required (a code, code@version, or a path under a plugin root)");
    }
    if (ref.contains("/") || ref.startsWith(".") || ref.startsWith("~")) {
      return byPath(ref);
    }
    String code = ref;
    String version = null;
    int at = ref.indexOf('@');
    if (at >= 0) {
      code = ref.substring(0, at);
      version = ref.substring(at + 1);
    }
    List<DiscoveredPlugin> all = discovery.scan();
    List<Plugin> matches = new ArrayList<>();
    for (DiscoveredPlugin d : all) {
      if (d.ok() && d.manifest().code().equals(code)) {
        if (version == null || d.manifest().version().equals(version)) {
          matches.add(d.plugin());
        }
      } else if (!d.ok() && d.dir().getFileName().toString().equals(code)) {
        throw new InvalidInputException("plugin '" + code + "' is broken: " + d.error());
      }
    }
    if (matches.isEmpty()) {
      String known =
          all.stream()
              .filter(DiscoveredPlugin::ok)
              .map(d -> d.manifest().ref())
              .sorted()
              .collect(Collectors.joining(", "));
      throw new NotFoundException(
          "unknown plugin '" + ref + "'; plugins: " + (known.isEmpty() ? "(none found)" : known));
    }
    matches.sort(Comparator.comparing(p -> new VersionOrder(p.version())));
    return matches.get(matches.size() - 1);
  }

  public ActionSpec action(Plugin plugin, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("action is required");
    }
    ActionSpec a = plugin.manifest().actions().get(name);
    String broken = plugin.manifest().actionErrors().get(name);
    if (broken != null) {
      throw new InvalidInputException(
          "plugin '" + plugin.code() + "' action '" + name + "' is broken: " + broken);
    }
    if (a == null) {
      throw new NotFoundException(
          "plugin '"
              + plugin.code()
              + "' has no action '"
              + name
              + "'; actions: "
              + String.join(", ", plugin.manifest().actions().keySet()));
    }
    return a;
  }

  /**
   * The action's full config, with {@code params_schema} filled in and an {@code error} if it
   * cannot import.
   */
  public ObjectNode describeAction(Plugin plugin, ActionSpec action) {
    ObjectNode out = action.config().deepCopy();
    out.put("name", action.name());
    out.put("method", action.method());
    JsonNode info = introspect(plugin).path("actions").path(action.name());
    JsonNode schema =
        action.paramsSchema() != null ? action.paramsSchema() : info.get("params_schema");
    out.set("params_schema", schema == null ? json.nullNode() : schema);
    out.put(
        "schema_source",
        action.paramsSchema() != null ? "manifest" : info.path("schema_source").asText("none"));
    JsonNode error = info.get("error");
    if (error != null && !error.isNull()) {
      out.put(
          "error",
          error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
    }
    return out;
  }

  /**
   * Validates params against the action's schema; returns them with defaults as given, or throws
   * one line.
   */
  public void validate(Plugin plugin, ActionSpec action, Object params) {
    if (!(params instanceof Map)) {
      throw new InvalidInputException("params must be a JSON object");
    }
    JsonNode schema = action.paramsSchema();
    if (schema == null) {
      JsonNode info = introspect(plugin).path("actions").path(action.name());
      JsonNode error = info.get("error");
      if (error != null && !error.isNull()) {
        throw new InvalidInputException(
            "action '"
                + action.name()
                + "' cannot be loaded: "
                + (error.isTextual()
                    ? error.asText()
                    : error.path("message").asText(error.toString())));
      }
      schema = info.get("params_schema");
    }
    if (schema != null && schema.isObject()) {
      validator.check(plugin.code() + "." + action.name(), schema, params);
    }
  }

  private Plugin byPath(String ref) {
    Path real;
    try {
      Path p =
          Path.of(ref.startsWith("~") ? System.getProperty("user.home") + ref.substring(1) : ref);
      real = p.toRealPath();
    } catch (IOException | java.nio.file.InvalidPathException e) {
      throw outside(ref);
    }
    boolean inside = false;
    for (Path root : discovery.roots()) {
      try {
        if (real.startsWith(root.toRealPath())) {
          inside = true;
        }
      } catch (IOException ignored) {
        // a missing root confines nothing
      }
    }
    if (!inside) {
      throw outside(ref);
    }
    if (!Files.isRegularFile(real.resolve("config.yaml"))) {
      throw new NotFoundException("no config.yaml in plugin path '" + ref + "'");
    }
    DiscoveredPlugin d = discovery.read(real);
    if (!d.ok()) {
      throw new InvalidInputException("plugin at '" + ref + "' is broken: " + d.error());
    }
    return d.plugin();
  }

  /** One answer whether or not the path exists: errors never tell what is on the server's disk. */
  private static InvalidInputException outside(String ref) {
    return new InvalidInputException(
        "plugin path '" + ref + "' does not exist or is outside the plugin roots");
  }

  /** The runner's describe output for the plugin, once per manifest content. */
  private JsonNode introspect(Plugin plugin) {
    String key = plugin.dir() + "|" + plugin.manifest().config().hashCode();
    JsonNode hit = described.get(key);
    if (hit != null) {
      return hit;
    }
    JsonNode result = runDescribe(plugin);
    if (!result.has("error")) {
      described.put(key, result);
    }
    return result;
  }

  private JsonNode runDescribe(Plugin plugin) {
    try {
      Path python = environments.python(plugin, List.of(), line -> {});
      Process p =
          runner
              .build(python, plugin, "describe", List.of())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(DESCRIBE_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return errorNode("describing the plugin took over " + DESCRIBE_TIMEOUT_S + " s");
      }
      JsonNode node = json.readTree(out);
      return node == null ? errorNode("the runner printed nothing") : node;
    } catch (EnvironmentException e) {
      return errorNode(e.getMessage());
    } catch (IOException e) {
      return errorNode("cannot run the plugin runner: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return errorNode("interrupted");
    }
  }

  private JsonNode errorNode(String message) {
    var actions = json.createObjectNode();
    var node = json.createObjectNode();
    node.put("error", message);
    node.set("actions", actions);
    return node;
  }

  /** Lists as callers see them. */
  public static Map<String, Object> summary(DiscoveredPlugin d) {
    var out = new LinkedHashMap<String, Object>();
    out.put("path", d.dir().toString());
    if (!d.ok()) {
      out.put("code", d.dir().getFileName().toString());
      out.put("error", d.error());
      return out;
    }
    PluginManifest m = d.manifest();
    out.put("code", m.code());
    out.put("name", m.name());
    out.put("version", m.version());
    out.put("category", m.category());
    out.put("description", m.description());
    var names = new java.util.ArrayList<String>(m.actions().keySet());
    m.actionErrors().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
    out.put("actions", names);
    out.put("errors", d.actionErrors());
    return out;
  }
}
