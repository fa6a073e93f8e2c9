package dev.synapse.mcp.plugins;

import java.nio.file.Path;
import java.util.List;

/**
 * What a plugin's environment is made of: the interpreter, what gets installed, and the content
 * address ({@code key}) both give; plugins with the same Python and requirements share one.
 */
public record EnvironmentSpec(
    String plugin,
    Interpreter interpreter,
    List<String> requirements,
    String manager,
    String key,
    Path venv) {

  /** True when nothing needs installing: the interpreter itself runs the plugin. */
  public boolean bare() {
    return requirements.isEmpty();
  }

  /** The python a run starts with. */
  public Path python() {
    return bare() ? interpreter.path() : venv.resolve("bin/python");
  }
}
