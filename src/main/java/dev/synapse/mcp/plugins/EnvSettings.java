package dev.synapse.mcp.plugins;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How plugin environments are built: the default Python, where other Pythons are looked for, the
 * {@code uv} to use ("off" for pip only), how many builds run at once, and how long a failed build
 * is remembered before the next run tries again by itself.
 */
public record EnvSettings(
    String python,
    List<String> pythonSearch,
    String uv,
    int parallelBuilds,
    long failureTtlMs,
    String pathVariable) {

  public static final String DEFAULT_SEARCH = "PATH:~/.pyenv/versions/*/bin/python3";

  /**
   * From SYNAPSE_PYTHON, SYNAPSE_PYTHON_SEARCH, SYNAPSE_UV, SYNAPSE_ENV_BUILDS,
   * SYNAPSE_ENV_FAILURE_TTL_S.
   */
  public static EnvSettings from(Map<String, String> env) {
    String search = env.getOrDefault("SYNAPSE_PYTHON_SEARCH", DEFAULT_SEARCH);
    return new EnvSettings(
        env.getOrDefault("SYNAPSE_PYTHON", "python3"),
        Arrays.stream(search.split(":")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
        env.getOrDefault("SYNAPSE_UV", "uv"),
        positive(env.getOrDefault("SYNAPSE_ENV_BUILDS", "2"), "SYNAPSE_ENV_BUILDS"),
        positive(env.getOrDefault("SYNAPSE_ENV_FAILURE_TTL_S", "600"), "SYNAPSE_ENV_FAILURE_TTL_S")
            * 1000L,
        env.getOrDefault("PATH", ""));
  }

  /** Defaults with one Python, as tests and the CLI's tools use them. */
  public static EnvSettings of(String python) {
    return from(Map.of("SYNAPSE_PYTHON", python, "PATH", System.getenv().getOrDefault("PATH", "")));
  }

  private static int positive(String text, String name) {
    try {
      int v = Integer.parseInt(text.strip());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new dev.synapse.mcp.errors.InvalidInputException(
        name + " must be a positive whole number; got '" + text + "'");
  }
}
