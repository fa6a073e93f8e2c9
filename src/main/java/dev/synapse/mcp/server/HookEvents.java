package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.sessions.ClaimRequest;
import dev.synapse.mcp.sessions.ClaimResult;
import dev.synapse.mcp.sessions.SessionClaims;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Claude Code hooks' REST surface: each hook event is one request whose body is {@code
 * {"payload": <the hook's stdin JSON>, ...what only the hook's machine knows}} and whose answer is
 * exactly what the hook prints (null: print nothing).
 */
final class HookEvents {
  private final SessionClaims claims;
  private final ObjectMapper json;
  private final Function<Agent, Map<String, Object>> checkin;

  HookEvents(
      SessionClaims claims, ObjectMapper json, Function<Agent, Map<String, Object>> checkin) {
    this.claims = claims;
    this.json = json;
    this.checkin = checkin;
  }

  /** Serves one event; returns the hook's output, or null for none. */
  String handle(Agent agent, String event, JsonNode body) {
    JsonNode p = body.path("payload");
    if (!p.isObject()) {
      throw new InvalidInputException("the body must carry the hook's JSON as \"payload\"");
    }
    String cc = text(p, "session_id");
    return switch (event) {
      case "session-start" -> sessionStart(agent, cc, body);
      case "spawn" -> {
        JsonNode in = p.path("tool_input");
        claims.recordSpawn(
            agent,
            cc,
            text(p, "tool_use_id"),
            text(in, "name"),
            text(in, "description"),
            text(in, "subagent_type"),
            in.path("run_in_background").asBoolean(false));
        yield null;
      }
      case "spawned" -> {
        JsonNode r = p.path("tool_response");
        claims.spawned(
            agent,
            cc,
            text(p, "tool_use_id"),
            text(r, "agentId"),
            text(r, "description"),
            text(r, "agentType"));
        yield null;
      }
      case "subagent-start" -> subagentStart(agent, cc, p, body);
      case "activity" -> {
        claims.activity(agent, cc, text(p, "agent_id"), text(body, "tool_use_id"));
        yield null;
      }
      case "subagent-stop" -> {
        claims.stop(agent, cc, text(p, "agent_id"), text(body, "tool_use_id"));
        yield null;
      }
      case "session-end" -> {
        claims.end(agent, List.of(cc), "ended");
        yield null;
      }
      default ->
          throw new InvalidInputException(
              "unknown hook event '"
                  + event
                  + "'; events: session-start, spawn, spawned, subagent-start, activity,"
                  + " subagent-stop, session-end");
    };
  }

  private String sessionStart(Agent agent, String cc, JsonNode body) {
    List<String> reap = new ArrayList<>();
    body.path("reap").forEach(n -> reap.add(n.asText()));
    if (!reap.isEmpty()) {
      claims.end(agent, reap, "orphaned");
    }
    ClaimResult lead =
        claims.claim(
            agent,
            new ClaimRequest(
                cc,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                pid(body),
                text(body, "process_start")));
    JsonNode c = json.valueToTree(checkin.apply(agent));
    String text =
        String.join(
            "\n",
            "Synapse MCP server "
                + c.path("server").path("version").asText("?")
                + ": this Claude Code session works as agent \""
                + c.path("agent").path("name").asText("?")
                + "\" (roles: "
                + join(c.path("agent").path("roles"), null)
                + "); its own session is "
                + lead.session().id()
                + ".",
            "Open Synapse sessions: "
                + c.path("sessions").size()
                + " ("
                + join(c.path("sessions"), "name")
                + ").",
            "Running runs: "
                + c.path("runs").path("running").size()
                + "; plugins: "
                + join(c.path("plugins"), "code")
                + ".",
            "Each sub-agent spawned with the Agent tool gets its own Synapse session from the synapse"
                + " plugin hooks (named after the Agent call's name, else <type>-<agent id>); the"
                + " session id is in the sub-agent's context; heartbeats and closing are automatic."
                + " list_sessions shows sub-agent sessions under this one.");
    return output("SessionStart", text);
  }

  /**
   * SubagentStart never waits for its spawn's key (a background spawn's async_launched answer runs
   * beside it): without the key yet, the claim pairs by order and the key, when it arrives through
   * {@code spawned}, {@code activity} or {@code subagent-stop}, settles the session exactly.
   */
  private String subagentStart(Agent agent, String cc, JsonNode p, JsonNode body) {
    ClaimResult r =
        claims.claimSubagent(
            agent,
            cc,
            text(p, "agent_id"),
            text(p, "agent_type"),
            pid(body),
            text(body, "process_start"),
            0);
    var s = r.session();
    return output(
        "SubagentStart",
        "Synapse session id: "
            + s.id()
            + " (this sub-agent's own Synapse session, name \""
            + s.name()
            + "\", "
            + r.action()
            + ").\nPass session_id \""
            + s.id()
            + "\" to run_plugin so runs are recorded under it. The synapse plugin's hooks send its"
            + " heartbeats while this sub-agent works and close it when the sub-agent stops.");
  }

  private String output(String event, String context) {
    ObjectNode out = json.createObjectNode();
    out.putObject("hookSpecificOutput")
        .put("hookEventName", event)
        .put("additionalContext", context);
    return out.toString();
  }

  private static String join(JsonNode arr, String field) {
    List<String> out = new ArrayList<>();
    arr.forEach(
        n ->
            out.add(field == null ? n.asText() : n.path(field).asText(n.path("name").asText("?"))));
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  private static Long pid(JsonNode body) {
    JsonNode n = body.path("pid");
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!n.canConvertToLong()) {
      throw new InvalidInputException("pid must be a number");
    }
    return n.asLong();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(field + " must be a string");
    }
    return v.asText();
  }
}
