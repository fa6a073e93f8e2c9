package dev.synapse.mcp.mcp;

import dev.synapse.mcp.plugins.ActionSpec;
import dev.synapse.mcp.plugins.EnvState;
import dev.synapse.mcp.plugins.Plugin;
import dev.synapse.mcp.plugins.PluginService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** list_plugins, list_actions, get_action, prepare_environment. */
final class PluginTools {
  private final PluginService plugins;

  PluginTools(PluginService plugins) {
    this.plugins = plugins;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put("list_plugins", (agent, a, call) -> Map.of("plugins", summaries()));
    handlers.put(
        "list_actions",
        (agent, a, call) -> {
          Plugin p = plugins.resolve(a.string("plugin"));
          List<Map<String, Object>> actions = new ArrayList<>();
          for (ActionSpec s : p.manifest().actions().values()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", s.name());
            m.put("method", s.method());
            m.put("entrypoint", s.entrypoint());
            m.put("description", s.description());
            actions.add(m);
          }
          return Map.of("plugin", header(p), "actions", actions);
        });
    handlers.put(
        "get_action",
        (agent, a, call) -> {
          Plugin p = plugins.resolve(a.string("plugin"));
          ActionSpec s = plugins.action(p, a.string("action"));
          return Map.of("plugin", header(p), "action", plugins.describeAction(p, s));
        });
    handlers.put(
        "prepare_environment",
        (agent, a, call) -> {
          agent.require(dev.synapse.mcp.agents.Role.RUN);
          Plugin p = plugins.resolve(a.string("plugin"));
          List<String> reqs = a.optStringList("requirements");
          Integer wait = a.optInt("wait_s");
          if (wait != null && (wait < 0 || wait > dev.synapse.mcp.runs.RunService.MAX_WAIT_S)) {
            throw new dev.synapse.mcp.errors.InvalidInputException(
                "wait_s must be between 0 and "
                    + dev.synapse.mcp.runs.RunService.MAX_WAIT_S
                    + "; got "
                    + wait);
          }
          EnvState state =
              plugins.prepare(
                  p, reqs == null ? List.of() : reqs, a.optBool("retry"), wait == null ? 0 : wait);
          var out = new LinkedHashMap<String, Object>(state.view());
          out.put("plugin", p.code());
          return out;
        });
  }

  List<Map<String, Object>> summaries() {
    return plugins.list().stream().map(PluginService::summary).toList();
  }

  static Map<String, Object> header(Plugin p) {
    var m = new LinkedHashMap<String, Object>();
    m.put("code", p.code());
    m.put("name", p.manifest().name());
    m.put("version", p.version());
    m.put("category", p.manifest().category());
    m.put("path", p.dir().toString());
    return m;
  }
}
