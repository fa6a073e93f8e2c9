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
  private static final long MODEL_CHECK_S = 3;
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

  public PythonEnvironments environments() {
    return environments;
  }

  /**
   * The environment a run of the plugin needs; refused at once when no installed Python matches or
   * its last build failed within the remembered time.
   */
  public EnvironmentSpec environment(Plugin plugin, List<String> requirements) {
    EnvironmentSpec spec;
    try {
      spec = environments.spec(plugin, requirements);
    } catch (EnvironmentException e) {
      throw new InvalidInputException("plugin '" + plugin.code() + "': " + e.getMessage());
    }
    EnvState state = environments.state(spec);
    if (state.failed()) {
      throw new InvalidInputException(failedMessage(plugin, state));
    }
    return spec;
  }

  /**
   * Builds (or joins the build of) the plugin's environment ahead of runs; says where it stands.
   */
  public EnvState prepare(Plugin plugin, List<String> requirements, boolean retry, int waitS) {
    EnvironmentSpec spec;
    try {
      spec = environments.spec(plugin, requirements);
    } catch (EnvironmentException e) {
      throw new InvalidInputException("plugin '" + plugin.code() + "': " + e.getMessage());
    }
    EnvState state = environments.state(spec);
    if (state.failed() && !retry) {
      return state;
    }
    try {
      environments.prepare(spec, retry).await(waitS * 1000L);
    } catch (EnvironmentException e) {
      // a failed build is remembered: the state below says what failed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return environments.state(spec);
  }

  static String failedMessage(Plugin plugin, EnvState state) {
    return "the environment of plugin '"
        + plugin.code()
        + "' failed to build: "
        + state.error()
        + " (remembered for "
        + state.retryAfterS()
        + " s more; prepare_environment with retry=true builds it again)";
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
    JsonNode described = introspect(plugin, true);
    JsonNode info = described.path("actions").path(action.name());
    if (described.has("environment")) {
      out.set("environment", described.get("environment"));
    }
    JsonNode schema =
        action.paramsSchema() != null ? action.paramsSchema() : info.get("params_schema");
    out.set("params_schema", schema == null ? json.nullNode() : schema);
    out.put(
        "schema_source",
        action.paramsSchema() != null ? "manifest" : info.path("schema_source").asText("none"));
    JsonNode error = info.has("error") ? info.get("error") : described.get("error");
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
    if (schema != null && schema.isObject()) {
      validator.check(plugin.code() + "." + action.name(), schema, params);
      return;
    }
    JsonNode described = introspect(plugin, false);
    if (described.path("pending").asBoolean(false)) {
      return; // the environment is still to be built: the runner checks params with the model
    }
    JsonNode info = described.path("actions").path(action.name());
    JsonNode error = info.has("error") ? info.get("error") : described.get("error");
    if (error != null && !error.isNull()) {
      throw new InvalidInputException(
          "action '"
              + action.name()
              + "' cannot be loaded: "
              + (error.isTextual()
                  ? error.asText()
                  : error.path("message").asText(error.toString())));
    }
    if ("pydantic".equals(info.path("schema_source").asText())) {
      modelCheck(plugin, action, params);
    }
  }

  /**
   * A Pydantic model's schema is not checked here but by the model itself, in the plugin's
   * environment: what the model accepts (lax mode: "3" for an int) is accepted, and its field
   * errors come back one per line.
   */
  private void modelCheck(Plugin plugin, ActionSpec action, Object params) {
    JsonNode out;
    try {
      Path python = environments.spec(plugin, List.of()).python();
      Process p =
          runner
              .build(
                  python,
                  plugin,
                  "validate",
                  List.of("--action", action.name(), "--params-file", "-"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(json.writeValueAsBytes(params));
      }
      // Bounded: a heavy plugin (the SDK imports for seconds) is checked by its run instead.
      if (!p.waitFor(MODEL_CHECK_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return;
      }
      out = json.readTree(p.getInputStream().readAllBytes());
    } catch (IOException | EnvironmentException e) {
      return; // the run itself validates and reports
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (out == null || out.path("ok").asBoolean(false)) {
      return;
    }
    JsonNode error = out.path("error");
    if (!"ValidationError".equals(error.path("type").asText())) {
      return; // an import problem: the run reports it with its traceback
    }
    List<String> lines = new ArrayList<>();
    for (JsonNode e : error.path("errors")) {
      String field = e.path("field").isTextual() ? "params." + e.path("field").asText() : "params";
      lines.add(field + ": " + e.path("message").asText());
    }
    throw new InvalidInputException(
        lines.isEmpty()
            ? error.path("message").asText("params are invalid")
            : String.join("; ", lines));
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

  /**
   * The runner's describe output for the plugin, once per manifest content. Never builds in the
   * caller's thread: an environment still to be built gives a {@code pending} node (and, when
   * {@code start}, its build is started); a failed one gives its error at once.
   */
  private JsonNode introspect(Plugin plugin, boolean start) {
    String key = plugin.dir() + "|" + plugin.manifest().config().hashCode();
    JsonNode hit = described.get(key);
    if (hit != null) {
      return hit;
    }
    EnvironmentSpec spec;
    try {
      spec = environments.spec(plugin, List.of());
    } catch (EnvironmentException e) {
      return errorNode(e.getMessage());
    }
    EnvState state = environments.state(spec);
    if (state.failed()) {
      ObjectNode node = errorNode(failedMessage(plugin, state));
      node.set("environment", json.valueToTree(state.view()));
      return node;
    }
    if (!state.ready()) {
      if (start) {
        try {
          environments.prepare(spec, false);
          state = environments.state(spec);
        } catch (EnvironmentException e) {
          return errorNode(e.getMessage());
        }
      }
      ObjectNode node =
          errorNode(
              "the plugin's environment is being built; its params schema is known once it is ready"
                  + " (prepare_environment reports its state)");
      node.put("pending", true);
      node.set("environment", json.valueToTree(state.view()));
      return node;
    }
    JsonNode result = runDescribe(spec.python(), plugin);
    if (!result.has("error")) {
      described.put(key, result);
    }
    return result;
  }

  private JsonNode runDescribe(Path python, Plugin plugin) {
    try {
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
    } catch (IOException e) {
      return errorNode("cannot run the plugin runner: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return errorNode("interrupted");
    }
  }

  private ObjectNode errorNode(String message) {
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
