package dev.synapse.mcp.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    List<String> cmd = new ArrayList<>(List.of(python.toString(), "-m", "synapse_runner", command));
    cmd.addAll(
        List.of(
            "--plugin",
            plugin.dir().toString(),
            "--manifest-json",
            manifestFile(plugin).toString()));
    cmd.addAll(args);
    var pb = new ProcessBuilder(cmd).directory(plugin.dir().toFile());
    Map<String, String> env = pb.environment();
    String existing = env.get("PYTHONPATH");
    env.put(
        "PYTHONPATH",
        runner.pythonPath() + (existing == null || existing.isBlank() ? "" : ":" + existing));
    env.put("PYTHONUNBUFFERED", "1");
    // Bytecode is cached beside the sources as with any python run (measured: a pycache prefix tree
    // is ~4x slower here, and no cache at all recompiles the runner on every run).
    plugin
        .manifest()
        .config()
        .path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return pb;
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

  static String firstLine(byte[] out) {
    String s = new String(out, StandardCharsets.UTF_8).strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
