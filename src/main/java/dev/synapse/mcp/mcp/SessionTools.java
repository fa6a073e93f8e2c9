package dev.synapse.mcp.mcp;

import dev.synapse.mcp.sessions.ClaimRequest;
import dev.synapse.mcp.sessions.ClaimResult;
import dev.synapse.mcp.sessions.Session;
import dev.synapse.mcp.sessions.SessionClaims;
import dev.synapse.mcp.sessions.SessionService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The session tools. */
final class SessionTools {
  private final SessionService sessions;
  private final SessionClaims claims;

  SessionTools(SessionService sessions, SessionClaims claims) {
    this.sessions = sessions;
    this.claims = claims;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "create_session",
        (agent, a, call) ->
            sessions.create(
                agent, a.string("name"), a.optString("description"), a.optString("expires_at")));
    handlers.put(
        "claim_session",
        (agent, a, call) -> {
          Integer pid = a.optInt("pid");
          ClaimResult r =
              claims.claim(
                  agent,
                  new ClaimRequest(
                      a.string("claude_session_id"),
                      a.optString("agent_id"),
                      a.optString("agent_type"),
                      a.optString("name"),
                      a.optString("description"),
                      a.optString("tool_use_id"),
                      a.optString("parent_id"),
                      a.optString("pairing"),
                      pid == null ? null : pid.longValue(),
                      a.optString("process_start")));
          return Map.of("action", r.action(), "session", r.session());
        });
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

  /** The page, with each sub-agent session listed under its parent when the parent is listed. */
  static Map<String, Object> page(List<Session> list) {
    return Map.of("sessions", nest(list), "count", list.size());
  }

  static List<Object> nest(List<Session> list) {
    Set<String> listed = new HashSet<>();
    list.forEach(s -> listed.add(s.id()));
    Map<String, List<Map<String, Object>>> children = new LinkedHashMap<>();
    for (Session s : list) {
      if (s.parentId() != null && listed.contains(s.parentId())) {
        children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(child(s));
      }
    }
    List<Object> out = new ArrayList<>();
    for (Session s : list) {
      if (s.parentId() != null && listed.contains(s.parentId())) {
        continue;
      }
      List<Map<String, Object>> kids = children.get(s.id());
      if (kids == null) {
        out.add(s);
      } else {
        Map<String, Object> m = full(s);
        m.put("subagents", kids);
        out.add(m);
      }
    }
    return out;
  }

  private static Map<String, Object> full(Session s) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", s.id());
    m.put("agent", s.agent());
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("status", s.status());
    m.put("last_active_at", s.lastActiveAt());
    m.put("expires_at", s.expiresAt());
    m.put("created_at", s.createdAt());
    m.put("updated_at", s.updatedAt());
    m.put("closed_at", s.closedAt());
    m.put("heartbeats", s.heartbeats());
    putIf(m, "parent_id", s.parentId());
    putIf(m, "agent_type", s.agentType());
    putIf(m, "pairing", s.pairing());
    putIf(m, "closed_reason", s.closedReason());
    return m;
  }

  private static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  private static Map<String, Object> child(Session s) {
    var m = new LinkedHashMap<String, Object>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("description", s.description());
    m.put("status", s.status());
    m.put("last_active_at", s.lastActiveAt());
    m.put("agent_type", s.agentType());
    m.put("pairing", s.pairing());
    m.put("tool_use_id", s.toolUseId());
    m.put("closed_reason", s.closedReason());
    return m;
  }
}
