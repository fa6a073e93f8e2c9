package dev.synapse.mcp.mcp;

import dev.synapse.mcp.sessions.Session;
import dev.synapse.mcp.sessions.SessionService;
import java.util.List;
import java.util.Map;

/** The six session tools. */
final class SessionTools {
  private final SessionService sessions;

  SessionTools(SessionService sessions) {
    this.sessions = sessions;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "create_session",
        (agent, a, call) ->
            sessions.create(
                agent, a.string("name"), a.optString("description"), a.optString("expires_at")));
    handlers.put(
        "list_sessions",
        (agent, a, call) ->
            page(
                sessions.list(
                    agent,
                    a.optString("status"),
                    a.optString("name"),
                    a.optInt("limit"),
                    a.optString("agent"))));
    handlers.put("get_session", (agent, a, call) -> sessions.get(agent, a.string("session_id")));
    handlers.put(
        "close_session", (agent, a, call) -> sessions.close(agent, a.string("session_id")));
    handlers.put(
        "reopen_session", (agent, a, call) -> sessions.reopen(agent, a.string("session_id")));
    handlers.put(
        "session_heartbeat", (agent, a, call) -> sessions.heartbeat(agent, a.string("session_id")));
  }

  static Map<String, Object> page(List<Session> list) {
    return Map.of("sessions", list, "count", list.size());
  }
}
