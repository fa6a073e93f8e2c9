package dev.synapse.mcp.plugins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an environment stands: {@code ready}, {@code building}, {@code failed} (with the
 * installer's last lines, remembered until {@code retryAfterS}) or {@code missing}.
 */
public record EnvState(
    EnvironmentSpec spec, String state, String error, List<String> lines, Long retryAfterS) {

  public boolean failed() {
    return state.equals("failed");
  }

  public boolean ready() {
    return state.equals("ready");
  }

  /** As tools and the CLI show it. */
  public Map<String, Object> view() {
    var out = new LinkedHashMap<String, Object>();
    out.put("plugin", spec.plugin());
    out.put("state", state);
    out.put("python", spec.interpreter().version());
    out.put("manager", spec.bare() ? "none" : spec.manager());
    out.put("key", spec.key());
    if (error != null) {
      out.put("error", error);
    }
    if (lines != null && !lines.isEmpty()) {
      out.put("lines", lines);
    }
    if (retryAfterS != null) {
      out.put("retry_after_s", retryAfterS);
    }
    return out;
  }
}
