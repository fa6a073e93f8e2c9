package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An environment's address says what it was built with (the installer and the server's installer
 * options, not only the requirements), and a server option uv does not take sends the build to pip
 * instead of failing it.
 */
class EnvironmentKeyTest {
  private static Path dir;
  private static Path python;
  private static Path uv;

  @BeforeAll
  static void plugins() throws Exception {
    dir = TempDirs.create("env-key");
    python = TestHome.repo().resolve(".venv/bin/python");
    uv = TestHome.repo().resolve(".venv/bin/uv");
    write("withuv", "");
    write("withpip", "package_manager: pip\n");
  }

  @AfterAll
  static void clean() {
    TempDirs.delete(dir);
  }

  private static void write(String code, String extra) throws Exception {
    Path p = Files.createDirectories(dir.resolve("plugins").resolve(code).resolve("plugin"));
    Files.writeString(p.resolve("__init__.py"), "");
    Files.writeString(p.resolve("main.py"), "def run(params, ctx):\n    return {}\n");
    // pip is in every pip-made virtualenv already: installing it needs no index
    Files.writeString(p.getParent().resolve("requirements.txt"), "pip\n");
    Files.writeString(
        p.getParent().resolve("config.yaml"),
        "code: "
            + code
            + "\nname: "
            + code
            + "\n"
            + extra
            + "actions:\n  go:\n    entrypoint: plugin.main:run\n");
  }

  private static Plugin plugin(String code) {
    Path root = dir.resolve("plugins");
    return new PluginDiscovery(List.of(root)).read(root.resolve(code)).plugin();
  }

  private static PythonEnvironments envs(List<String> options) {
    var settings =
        EnvSettings.from(
            Map.of(
                "SYNAPSE_PYTHON", python.toString(),
                "SYNAPSE_UV", uv.toString(),
                "PATH", System.getenv("PATH")));
    return new PythonEnvironments(
        dir.resolve("home"), settings, new RequirementRules(python.toString(), options));
  }

  @Test
  void theInstallerAndTheServersOptionsArePartOfTheAddress() throws Exception {
    try (var plain = envs(List.of());
        var mirror = envs(List.of("--index-url=https://mirror.example/simple"))) {
      EnvironmentSpec byUv = plain.spec(plugin("withuv"), List.of());
      EnvironmentSpec byPip = plain.spec(plugin("withpip"), List.of());
      assertEquals("uv", byUv.manager());
      assertEquals("pip", byPip.manager());
      assertEquals(byUv.requirements(), byPip.requirements());
      assertNotEquals(byUv.key(), byPip.key(), "same requirements, other installer: other env");
      EnvironmentSpec fromMirror = mirror.spec(plugin("withuv"), List.of());
      assertEquals("uv", fromMirror.manager(), "uv takes --index-url");
      assertNotEquals(byUv.key(), fromMirror.key(), "another index: another env");
      assertEquals(byUv.key(), plain.spec(plugin("withuv"), List.of()).key(), "stable address");
    }
  }

  @Test
  void anOptionUvDoesNotTakeBuildsWithPipAndSucceeds() throws Exception {
    try (var envs = envs(List.of("--no-cache-dir"))) {
      EnvironmentSpec spec = envs.spec(plugin("withuv"), List.of());
      assertEquals("pip", spec.manager(), "uv pip install has no --no-cache-dir");
      List<String> log = new ArrayList<>();
      Path py = envs.python(plugin("withuv"), List.of(), log::add);
      assertTrue(Files.isExecutable(py), log.toString());
      String all = String.join("\n", log);
      assertTrue(all.contains("installing with pip"), all);
      assertTrue(all.contains("--no-cache-dir"), all);
    }
  }
}
