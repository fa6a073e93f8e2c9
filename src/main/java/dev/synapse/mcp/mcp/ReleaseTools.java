package dev.synapse.mcp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.releases.DebugRunRequest;
import dev.synapse.mcp.releases.ReleaseFilter;
import dev.synapse.mcp.releases.ReleasePage;
import dev.synapse.mcp.releases.ReleaseRun;
import dev.synapse.mcp.releases.ReleaseRunRequest;
import dev.synapse.mcp.releases.ReleaseService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * list_plugin_releases, get_plugin_release, create_plugin_release, delete_plugin_release,
 * run_plugin_release, run_debug_plugin_release.
 */
final class ReleaseTools {
  private static final Set<String> FILTERS = Set.of("plugin", "code", "version");
  private final ReleaseService releases;
  private final RunTools runs;
  private final ObjectMapper json;

  ReleaseTools(ReleaseService releases, RunTools runs, ObjectMapper json) {
    this.releases = releases;
    this.runs = runs;
    this.json = json;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "list_plugin_releases",
        (agent, a, call) -> {
          ReleasePage page =
              releases.list(agent, filter(a), a.optInt("page"), a.optInt("page_size"));
          var out = new LinkedHashMap<String, Object>();
          out.put("count", page.count());
          out.put("page", page.page());
          out.put("page_size", page.pageSize());
          out.put("next_page", page.hasNext() ? page.page() + 1 : null);
          out.put("previous_page", page.hasPrevious() ? page.page() - 1 : null);
          out.put("results", page.results());
          return out;
        });
    handlers.put("get_plugin_release", (agent, a, call) -> releases.get(agent, lookup(a)));
    handlers.put(
        "create_plugin_release",
        (agent, a, call) -> {
          var created = releases.create(agent, a.optString("plugin"), a.optString("version"));
          ObjectNode node = json.valueToTree(created.release());
          node.put("created", created.created());
          return node;
        });
    handlers.put(
        "delete_plugin_release",
        (agent, a, call) -> Map.of("deleted", true, "release", releases.delete(agent, lookup(a))));
    handlers.put(
        "run_plugin_release",
        (agent, a, call) -> {
          Object data = a.raw("data");
          if (data != null && !(data instanceof Map)) {
            throw new InvalidInputException("argument 'data' must be an object");
          }
          @SuppressWarnings("unchecked")
          var req =
              new ReleaseRunRequest(
                  a.optString("action"),
                  a.optObject("params"),
                  a.optStringList("requirements"),
                  a.optString("job_id"),
                  (Map<String, Object>) data,
                  a.optString("mode"),
                  a.optString("run_id"),
                  a.optInt("timeout_s"));
          runs.admitWait(agent, a.optInt("wait_s"));
          return view(releases.run(agent, lookup(a), req), a, agent, call);
        });
    handlers.put(
        "run_debug_plugin_release",
        (agent, a, call) -> {
          @SuppressWarnings("unchecked")
          var req =
              new DebugRunRequest(
                  a.string("action"),
                  a.optObject("params"),
                  a.optString("plugin_path"),
                  (Map<String, Object>) a.optObject("config"),
                  a.raw("modules"),
                  a.optStringList("requirements"),
                  a.optString("job_id"),
                  a.optString("mode"),
                  a.optString("run_id"),
                  a.optInt("timeout_s"));
          runs.admitWait(agent, a.optInt("wait_s"));
          return view(releases.runDebug(agent, req), a, agent, call);
        });
  }

  /** Like run_plugin: the result when the run ends within wait_s, else its id and status. */
  private ObjectNode view(
      ReleaseRun started, Args a, dev.synapse.mcp.agents.Agent agent, ToolCall call) {
    ObjectNode node = runs.waitedStarted(agent, started.run().id(), a.optInt("wait_s"), call);
    if (started.release() != null) {
      node.put("release", started.release());
    }
    if (started.debugCopy() != null) {
      node.put("debug_copy", started.debugCopy());
    }
    if (started.note() != null) {
      node.put("note", started.note());
    }
    return node;
  }

  private static String lookup(Args a) {
    Object v = a.raw("lookup");
    if (v instanceof Number n) {
      return String.valueOf(n.longValue());
    }
    return a.string("lookup");
  }

  private static ReleaseFilter filter(Args a) {
    Object raw = a.optObject("filters");
    if (raw == null) {
      return ReleaseFilter.NONE;
    }
    Map<?, ?> f = (Map<?, ?>) raw;
    for (Object key : f.keySet()) {
      if (!FILTERS.contains(String.valueOf(key))) {
        throw new InvalidInputException(
            "unknown filter '" + key + "'; filters: plugin (or code), version");
      }
    }
    Object code = f.get("plugin") != null ? f.get("plugin") : f.get("code");
    Object version = f.get("version");
    return new ReleaseFilter(
        code == null ? null : String.valueOf(code),
        version == null ? null : String.valueOf(version));
  }
}
