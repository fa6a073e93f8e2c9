package dev.synapse.mcp.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** requires.python as plugins write it, and the installed Pythons found on the search list. */
class InterpretersTest {
  private static final String PYENV = "~/.pyenv/versions/*/bin/python3";

  @Test
  void specifiersMatchReleaseNumbersAsPep440Does() throws Exception {
    assertTrue(PythonSpecifier.parse(">=3.12").matches("3.12.1"));
    assertFalse(PythonSpecifier.parse(">=3.12").matches("3.11.7"));
    assertTrue(PythonSpecifier.parse(">=3.10, <3.13").matches("3.12.1"));
    assertFalse(PythonSpecifier.parse(">=3.10,<3.13").matches("3.13.0"));
    assertTrue(PythonSpecifier.parse("==3.12.*").matches("3.12.9"));
    assertFalse(PythonSpecifier.parse("==3.12.*").matches("3.13.0"));
    assertTrue(PythonSpecifier.parse("~=3.11").matches("3.13.0"));
    assertFalse(PythonSpecifier.parse("~=3.11.2").matches("3.12.0"));
    assertFalse(PythonSpecifier.parse("!=3.12.1").matches("3.12.1"));
  }

  @Test
  void aSpecifierThatIsNotOneIsRefusedWithOneLine() {
    var e = assertThrows(EnvironmentException.class, () -> PythonSpecifier.parse("python3.12"));
    assertEquals(
        "requires.python 'python3.12' is not a version specifier such as '>=3.12'", e.getMessage());
  }

  @Test
  void aPluginNeeding312GetsThePyenv312WhileTheDefaultIsOlder() throws Exception {
    var pythons = new Interpreters("python3", List.of("PATH", PYENV), System.getenv("PATH"));
    Interpreter chosen = pythons.choose(">=3.12,<3.13");
    assertTrue(chosen.version().startsWith("3.12."), chosen.toString());
    assertTrue(chosen.path().toString().contains("3.12"), chosen.toString());
    assertEquals(pythons.base(), pythons.choose(null));
  }

  @Test
  void noMatchingPythonListsTheVersionsFound() {
    var pythons = new Interpreters("python3", List.of(PYENV), "");
    var e = assertThrows(EnvironmentException.class, () -> pythons.choose(">=3.99"));
    assertTrue(
        e.getMessage().startsWith("no installed Python matches requires.python '>=3.99'; found: "),
        e.getMessage());
    for (Interpreter i : pythons.installed()) {
      assertTrue(e.getMessage().contains(i.version()), e.getMessage());
    }
    assertTrue(e.getMessage().contains("3.12."), e.getMessage());
  }
}
