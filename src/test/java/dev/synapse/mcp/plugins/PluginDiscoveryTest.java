package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PluginDiscoveryTest {
  private final PluginDiscovery discovery =
      new PluginDiscovery(List.of(TestHome.examples(), TestHome.brokenExamples()));

  private Map<String, DiscoveredPlugin> byFolder() {
    return discovery.scan().stream()
        .collect(Collectors.toMap(d -> d.dir().getFileName().toString(), d -> d));
  }

  @Test
  void goodManifestsKeepUnknownKeysAndSynapseDefaults() {
    DiscoveredPlugin hello = byFolder().get("hello");
    assertTrue(hello.ok(), String.valueOf(hello.error()));
    ActionSpec add = hello.manifest().actions().get("add");
    assertEquals("task", add.method());
    assertNotNull(add.paramsSchema(), "hello.add declares params_schema");
    assertTrue(add.config().has("ui_schema"), "unknown per-action keys are kept");
    DiscoveredPlugin trainer = byFolder().get("trainer");
    assertTrue(
        trainer.manifest().config().has("hyperparameters"), "unknown top-level keys are kept");
  }

  @Test
  void brokenManifestsAreReportedWithoutHidingGoodOnes() {
    Map<String, DiscoveredPlugin> all = byFolder();
    assertTrue(all.get("hello").ok() && all.get("trainer").ok() && all.get("textstats").ok());
    assertTrue(all.get("bad-yaml").error().contains("not valid YAML"), all.get("bad-yaml").error());
    assertTrue(all.get("missing-code").error().contains("'code'"), all.get("missing-code").error());
    DiscoveredPlugin noEntry = all.get("no-entrypoint");
    assertTrue(noEntry.ok(), "one action without an entrypoint leaves the others usable");
    assertTrue(
        noEntry.actionErrors().values().stream().anyMatch(e -> e.contains("no entrypoint")),
        noEntry.actionErrors().toString());
    DiscoveredPlugin badImport = all.get("bad-import");
    assertTrue(badImport.ok());
    Map<String, String> errors = badImport.actionErrors();
    assertTrue(
        errors.getOrDefault("venv_path", "").contains("is not module:Name or module.Name"),
        "the .venv entrypoint is reported: " + errors);
    assertTrue(
        errors.getOrDefault("missing_module", "").contains("'plugin.nowhere' not found"),
        errors.toString());
    assertFalse(errors.containsKey("ok"), errors.toString());
    assertFalse(badImport.manifest().actions().containsKey("venv_path"), "not runnable");
  }

  @Test
  void pathsOutsideThePluginRootsAreRefused() throws Exception {
    var service =
        new PluginService(
            new PluginDiscovery(List.of(TestHome.examples())),
            new PythonEnvironments(TestHome.shared(), "python3"),
            null,
            new ObjectMapper());
    Path hello = TestHome.examples().resolve("hello");
    assertEquals("hello", service.resolve(hello.toString()).code());
    var outside =
        assertThrows(
            InvalidInputException.class,
            () -> service.resolve(TestHome.brokenExamples().resolve("no-entrypoint").toString()));
    assertTrue(outside.getMessage().contains("outside the plugin roots"), outside.getMessage());
    assertThrows(
        InvalidInputException.class,
        () ->
            service.resolve(
                TestHome.examples().resolve("hello/../../broken-plugins/bad-import").toString()));
    Path root = Files.createTempDirectory("link-root");
    Path link =
        Files.createSymbolicLink(
            root.resolve("sneaky"), TestHome.brokenExamples().resolve("bad-import"));
    var linked =
        new PluginService(
            new PluginDiscovery(List.of(root)),
            new PythonEnvironments(TestHome.shared(), "python3"),
            null,
            new ObjectMapper());
    var escape = assertThrows(InvalidInputException.class, () -> linked.resolve(link.toString()));
    assertTrue(escape.getMessage().contains("outside the plugin roots"), escape.getMessage());
    Files.delete(link);
    Files.delete(root);
    var unknown = assertThrows(NotFoundException.class, () -> service.resolve("helo"));
    assertTrue(unknown.getMessage().contains("hello@0.1.0"), unknown.getMessage());
    var noAction =
        assertThrows(
            NotFoundException.class, () -> service.action(service.resolve("trainer"), "trian"));
    assertTrue(
        noAction.getMessage().startsWith("plugin 'trainer' has no action 'trian'; actions: "),
        noAction.getMessage());
    assertTrue(
        noAction.getMessage().contains("train") && noAction.getMessage().contains("inference"));
  }

  @Test
  void aMissingPathAndAPathOutsideTheRootsGetTheSameAnswerNamingNoRoot() {
    var service =
        new PluginService(
            new PluginDiscovery(List.of(TestHome.examples())),
            new PythonEnvironments(TestHome.shared(), "python3"),
            null,
            new ObjectMapper());
    String missing =
        assertThrows(InvalidInputException.class, () -> service.resolve("/no/such/dir"))
            .getMessage();
    String outside =
        assertThrows(InvalidInputException.class, () -> service.resolve("/etc")).getMessage();
    assertEquals(missing.replace("/no/such/dir", "/etc"), outside);
    assertFalse(outside.contains(TestHome.examples().toString()), outside);
  }

  @Test
  void symlinkedRootsAndFoldersAreListedByTheirRealPathAndEscapesLeftOut() throws Exception {
    Path tmp = Files.createTempDirectory("link-scan");
    try {
      Path realRoot = Files.createDirectories(tmp.resolve("real"));
      plugin(realRoot.resolve("inner"), "inner", "1.0.0", "Inner");
      Path outsidePlugin = tmp.resolve("elsewhere");
      plugin(outsidePlugin, "elsewhere", "1.0.0", "Elsewhere");
      Files.createSymbolicLink(realRoot.resolve("escape"), outsidePlugin);
      Path linkRoot = Files.createSymbolicLink(tmp.resolve("link"), realRoot);
      var found = new PluginDiscovery(List.of(linkRoot)).scan();
      assertEquals(1, found.size(), found.toString());
      assertEquals(realRoot.resolve("inner").toRealPath(), found.get(0).dir());
      var service =
          new PluginService(
              new PluginDiscovery(List.of(linkRoot)),
              new PythonEnvironments(TestHome.shared(), "python3"),
              null,
              new ObjectMapper());
      assertEquals(found.get(0).dir(), service.resolve(linkRoot.resolve("inner").toString()).dir());
      assertEquals(found.get(0).dir(), service.resolve("inner").dir());
    } finally {
      dev.synapse.mcp.testing.TempDirs.delete(tmp);
    }
  }

  @Test
  void versionsAndNamesAreCheckedByTheirCharacterSet() throws Exception {
    Path tmp = Files.createTempDirectory("names");
    try {
      for (String version : List.of("../../../x", "1.0/..", "..", "1..0", "1.0\u202e", " 1.0")) {
        plugin(tmp.resolve("p"), "p", version, "P");
        DiscoveredPlugin d = new PluginDiscovery(List.of()).read(tmp.resolve("p"));
        assertFalse(d.ok(), version);
        assertTrue(d.error().contains("'version' must be"), d.error());
        assertFalse(d.error().contains("\u202e"), "the bidi override is echoed: " + d.error());
      }
      plugin(tmp.resolve("q"), "q", "1.0.0+local.2", "Q\u202eevil");
      DiscoveredPlugin q = new PluginDiscovery(List.of()).read(tmp.resolve("q"));
      assertTrue(q.error().contains("'name' must not contain"), String.valueOf(q.error()));
    } finally {
      dev.synapse.mcp.testing.TempDirs.delete(tmp);
    }
  }

  private static void plugin(Path dir, String code, String version, String name) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("config.yaml"),
        "code: "
            + code
            + "\nname: \""
            + name
            + "\"\nversion: \""
            + version
            + "\"\nactions:\n  a:\n    entrypoint: m:f\n");
  }
}
