package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Synapse plugin's {@code config.yaml}. {@code config} keeps the whole document as written
 * (unknown keys are never dropped); the typed fields carry Synapse's defaults.
 */
public record PluginManifest(
    String code,
    String name,
    String version,
    String category,
    String description,
    String packageManager,
    Map<String, ActionSpec> actions,
    Map<String, String> actionErrors,
    ObjectNode config) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");
  private static final Pattern FORMAT = Pattern.compile("[\\p{Cc}\\p{Cf}]");

  public String ref() {
    return code + "@" + version;
  }

  static PluginManifest read(Path file) throws ManifestException {
    JsonNode doc;
    try {
      doc = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      String msg =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ManifestException("config.yaml is not valid YAML: " + msg);
    }
    if (!(doc instanceof ObjectNode root)) {
      throw new ManifestException("config.yaml must be a mapping with at least 'code' and 'name'");
    }
    return parse(root);
  }

  static PluginManifest parse(ObjectNode root) throws ManifestException {
    String code = text(root, "code", null);
    String name = text(root, "name", null);
    if (code == null || code.isBlank()) {
      throw new ManifestException("config.yaml has no 'code' (required; it identifies the plugin)");
    }
    if (!code.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
      throw new ManifestException(
          "'code' must be letters, digits, '_', '.' or '-'; got '" + code + "'");
    }
    if (name == null || name.isBlank()) {
      throw new ManifestException("config.yaml has no 'name' (required)");
    }
    String version = text(root, "version", "0.1.0");
    if (!VERSION.matcher(version).matches() || version.contains("..")) {
      throw new ManifestException(
          "'version' must be 1-64 letters, digits, '.', '_', '+' or '-', starting with a letter or"
              + " digit, without '..'; got '"
              + printable(version)
              + "'");
    }
    if (FORMAT.matcher(name).find()) {
      throw new ManifestException("'name' must not contain control or format characters");
    }
    String pm = text(root, "package_manager", "pip");
    if (!pm.equals("pip") && !pm.equals("uv")) {
      throw new ManifestException("package_manager must be 'pip' or 'uv'; got '" + pm + "'");
    }
    var actions = new LinkedHashMap<String, ActionSpec>();
    var actionErrors = new LinkedHashMap<String, String>();
    JsonNode declared = root.path("actions");
    if (!declared.isMissingNode() && !declared.isNull() && !declared.isObject()) {
      throw new ManifestException("'actions' must be a mapping of action name to its settings");
    }
    var fields = declared.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      try {
        actions.put(e.getKey(), action(e.getKey(), e.getValue()));
      } catch (ManifestException broken) {
        // one bad action (real manifests carry e.g. '.venv.lib...' entrypoints) must not hide the
        // good ones
        actionErrors.put(e.getKey(), broken.getMessage());
      }
    }
    return new PluginManifest(
        code,
        name,
        version,
        text(root, "category", "custom"),
        text(root, "description", ""),
        pm,
        java.util.Collections.unmodifiableMap(actions),
        java.util.Collections.unmodifiableMap(actionErrors),
        root);
  }

  private static ActionSpec action(String name, JsonNode node) throws ManifestException {
    if (!(node instanceof ObjectNode obj)) {
      throw new ManifestException("action '" + name + "' must be a mapping with an 'entrypoint'");
    }
    String entrypoint = text(obj, "entrypoint", null);
    if (entrypoint == null || entrypoint.isBlank()) {
      throw new ManifestException(
          "action '" + name + "' has no entrypoint (module:Name or module.Name)");
    }
    if (!entrypoint.matches("[A-Za-z_][A-Za-z0-9_]*([.:][A-Za-z_][A-Za-z0-9_]*)+")) {
      throw new ManifestException(
          "action '"
              + name
              + "' entrypoint '"
              + entrypoint
              + "' is not module:Name or module.Name");
    }
    String method = text(obj, "method", "task");
    if (!ActionSpec.METHODS.contains(method)) {
      throw new ManifestException(
          "action '"
              + name
              + "' method must be one of job, task, serve, restapi; got '"
              + method
              + "'");
    }
    JsonNode schema = obj.get("params_schema");
    if (schema != null && !schema.isObject()) {
      throw new ManifestException(
          "action '" + name + "' params_schema must be a JSON schema object");
    }
    return new ActionSpec(name, entrypoint, method, text(obj, "description", ""), schema, obj);
  }

  private static String printable(String s) {
    String shown = FORMAT.matcher(s).replaceAll("?");
    return shown.length() > 70 ? shown.substring(0, 67) + "..." : shown;
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }
}
