package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code python -m synapse_runner <command> --plugin DIR --manifest-json FILE ...} for a
 * plugin: the manifest is handed over already parsed, so the runner needs no YAML library.
 */
public final class RunnerCommand {
  private final RunnerHome runner;
  private final Path manifests;
  private final ObjectMapper json;

  public RunnerCommand(RunnerHome runner, Path home, ObjectMapper json) {
    this.runner = runner;
    this.manifests = home.resolve("manifests");
    this.json = json;
  }

  public ProcessBuilder build(Path python, Plugin plugin, String command, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "synapse_runner"));
    cmd.addAll(argv(plugin, command, args));
    var pb = base(new ProcessBuilder(cmd).directory(plugin.dir().toFile()));
    pb.environment().putAll(pluginEnv(plugin));
    return pb;
  }

  /**
   * A runner started ahead of its run ({@code synapse_runner wait}): the interpreter is up and the
   * runner imported; {@link #request} then tells it what to run, in which folder, with which extra
   * variables.
   */
  public ProcessBuilder waiting(Path python, Path cwd) {
    return base(
        new ProcessBuilder(python.toString(), "-m", "synapse_runner", "wait")
            .directory(cwd.toFile()));
  }

  /**
   * The one line a waiting runner reads: the same command line, folder and variables as {@link
   * #build}.
   */
  public String request(Plugin plugin, String command, List<String> args) {
    var req = json.createObjectNode();
    var argv = req.putArray("argv");
    argv(plugin, command, args).forEach(argv::add);
    req.put("cwd", plugin.dir().toString());
    var env = req.putObject("env");
    pluginEnv(plugin).forEach(env::put);
    return req.toString();
  }

  private List<String> argv(Plugin plugin, String command, List<String> args) {
    List<String> out = new ArrayList<>(List.of(command, "--plugin", plugin.dir().toString()));
    out.addAll(List.of("--manifest-json", manifestFile(plugin).toString()));
    out.addAll(args);
    return out;
  }

  private ProcessBuilder base(ProcessBuilder pb) {
    Map<String, String> env = pb.environment();
    String existing = env.get("PYTHONPATH");
    env.put(
        "PYTHONPATH",
        runner.pythonPath() + (existing == null || existing.isBlank() ? "" : ":" + existing));
    env.put("PYTHONUNBUFFERED", "1");
    // Bytecode is cached beside the sources as with any python run (measured: a pycache prefix tree
    // is ~4x slower here, and no cache at all recompiles the runner on every run).
    return pb;
  }

  /** The manifest's {@code env}: variables the plugin's process runs with. */
  private static Map<String, String> pluginEnv(Plugin plugin) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    plugin
        .manifest()
        .config()
        .path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private Path manifestFile(Plugin plugin) {
    try {
      byte[] bytes = json.writeValueAsBytes(plugin.manifest().config());
      String hash =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
              .substring(0, 16);
      Path file = manifests.resolve(plugin.code() + "-" + hash + ".json");
      if (!Files.exists(file)) {
        Files.createDirectories(manifests);
        Path tmp = Files.createTempFile(manifests, plugin.code(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot write manifest for the runner: " + e.getMessage(), e);
    }
  }
}
