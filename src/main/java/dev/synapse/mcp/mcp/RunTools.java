package dev.synapse.mcp.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunEvent;
import dev.synapse.mcp.runs.RunRequest;
import dev.synapse.mcp.runs.RunService;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** run_plugin, wait_run, get_run, list_runs, get_run_logs, cancel_run. */
final class RunTools {
  private final RunService runs;
  private final ObjectMapper json;

  RunTools(RunService runs, ObjectMapper json) {
    this.runs = runs;
    this.json = json;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "run_plugin",
        (agent, a, call) -> {
          runs.admitWait(agent, a.optInt("wait_s"));
          Run run =
              runs.start(
                  agent,
                  new RunRequest(
                      a.string("plugin"),
                      a.string("action"),
                      a.optObject("params"),
                      a.optString("mode"),
                      a.optString("session_id"),
                      a.optInt("timeout_s"),
                      a.optString("run_id"),
                      a.optStringList("requirements"),
                      null));
          return waitedStarted(agent, run.id(), a.optInt("wait_s"), call);
        });
    handlers.put(
        "wait_run",
        (agent, a, call) -> waited(agent, a.string("run_id"), a.optInt("wait_s"), call));
    handlers.put("get_run", (agent, a, call) -> view(runs.get(agent, a.string("run_id"))));
    handlers.put(
        "list_runs",
        (agent, a, call) -> {
          List<Run> list =
              runs.list(
                  agent,
                  a.optString("plugin"),
                  a.optString("status"),
                  a.optString("session_id"),
                  a.optInt("limit"),
                  a.optString("agent"));
          return Map.of("runs", list, "count", list.size());
        });
    handlers.put(
        "get_run_logs",
        (agent, a, call) ->
            runs.logs(
                agent,
                a.string("run_id"),
                a.optString("stream"),
                a.optInt("tail"),
                a.optInt("since"),
                a.optString("grep")));
    handlers.put("cancel_run", (agent, a, call) -> view(runs.cancel(agent, a.string("run_id"))));
  }

  void admitWait(Agent agent, Integer waitS) {
    runs.admitWait(agent, waitS);
  }

  ObjectNode waited(Agent agent, String runId, Integer waitS, ToolCall call) {
    return view(runs.await(agent, runId, waitS, forward(call)));
  }

  /** As {@link #waited}, right after the caller started the run: no early log line is lost. */
  ObjectNode waitedStarted(Agent agent, String runId, Integer waitS, ToolCall call) {
    return view(runs.awaitStarted(agent, runId, waitS, forward(call)));
  }

  /** The run plus {@code done}; an unfinished run's message says how to keep waiting. */
  private ObjectNode view(Run run) {
    ObjectNode node = json.valueToTree(run);
    boolean done = run.status().terminal();
    node.put("done", done);
    if (!done) {
      node.put(
          "message",
          (run.message() == null ? run.status().wire() : run.message())
              + "; call wait_run(run_id=\""
              + run.id()
              + "\") to keep waiting, or cancel_run to stop it");
    }
    return node;
  }

  /**
   * Runner progress becomes MCP progress (when the caller sent a token); runner logs become MCP
   * logging.
   */
  private static Consumer<RunEvent> forward(ToolCall call) {
    double[] last = {0};
    return e -> {
      try {
        if (e instanceof RunEvent.Setup s && call.progressToken() != null) {
          last[0] = last[0] + 1;
          call.progress(last[0], null, "preparing (" + s.step() + "): " + s.message());
        } else if (e instanceof RunEvent.Progress p && call.progressToken() != null) {
          boolean counted = p.total() != null && p.current() > last[0];
          last[0] = counted ? p.current() : last[0] + 1;
          String label =
              p.message() != null
                  ? p.message()
                  : (p.category() == null ? "progress" : p.category())
                      + " "
                      + (long) p.current()
                      + (p.total() == null ? "" : "/" + p.total().longValue());
          call.progress(last[0], counted ? p.total() : null, label);
        } else if (e instanceof RunEvent.Log l) {
          call.log(level(l.level()), "run", l.message());
        }
      } catch (RuntimeException ignored) {
        // the client went away; the run goes on
      }
    };
  }

  private static String level(String name) {
    return switch (name.toLowerCase()) {
      case "debug" -> "debug";
      case "warning", "warn" -> "warning";
      case "error", "critical" -> "error";
      default -> "info";
    };
  }
}
