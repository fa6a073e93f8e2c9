package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.testing.HostileRequirements;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementRulesTest {
  private static final List<String> HOSTILE = HostileRequirements.ALL;

  private final RequirementRules rules = new RequirementRules("python3", List.of());

  @Test
  void pep508RequirementsPass() {
    rules.check(
        "requirements",
        List.of(
            "requests",
            "requests[socks]>=2.31,<3; python_version >= '3.8'",
            "numpy==1.26.*",
            "python-slugify==8.0.4",
            "Django~=4.2"));
  }

  @Test
  void everyHostileEntryIsRefusedNamingIt() {
    for (String h : HOSTILE) {
      var e =
          assertThrows(
              InvalidInputException.class,
              () -> rules.check("requirements", List.of("requests", h)),
              h);
      assertTrue(e.getMessage().startsWith("requirements entry 2 "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void aRequirementsFileWithAnOptionLineIsRefused() throws Exception {
    Path dir = TempDirs.create("reqs");
    try {
      Path file = dir.resolve("requirements.txt");
      Files.writeString(file, "# pinned\nrequests>=2  # http\nnumpy \\\n  ==1.26.4\n\n");
      assertEquals(List.of("requests>=2", "numpy   ==1.26.4"), rules.readFile(file));
      Files.writeString(file, "requests\n--index-url https://example.invalid/simple\n");
      var e = assertThrows(InvalidInputException.class, () -> rules.readFile(file));
      assertTrue(e.getMessage().contains("requirements.txt entry 2"), e.getMessage());
    } finally {
      TempDirs.delete(dir);
    }
  }

  @Test
  void manifestPipOptionsMustBeOnTheServersAllowlist() throws Exception {
    var allowing = new RequirementRules("python3", List.of("--prefer-binary"));
    var root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    root.put("code", "x").put("name", "X");
    root.putArray("package_manager_options").add("--prefer-binary");
    allowing.checkManifest(PluginManifest.parse(root));
    root.putArray("package_manager_options").add("--index-url=https://example.invalid/simple");
    var e =
        assertThrows(
            InvalidInputException.class, () -> allowing.checkManifest(PluginManifest.parse(root)));
    assertTrue(e.getMessage().contains("SYNAPSE_PIP_OPTIONS"), e.getMessage());
    root.remove("package_manager_options");
    root.putObject("runtime_env").putArray("pip").add("-r /etc/passwd");
    assertThrows(
        InvalidInputException.class, () -> allowing.checkManifest(PluginManifest.parse(root)));
  }
}
