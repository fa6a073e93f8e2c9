package dev.synapse.mcp.sessions;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sessions that Claude Code agents claim through the hooks: one transaction per claim (reuse,
 * revive, reopen or create, by {@link ClaimRules}), spawns paired with their sub-agents by exact
 * keys as soon as one appears, and the ways sessions end (stopped, ended, orphaned, expired).
 */
public final class SessionClaims {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private static final long RECHECK_MS = 100;

  private final SessionStore store;
  private final Clock clock;

  /**
   * Bumped and signalled whenever a spawn's exact key is stored, so waiting claims wake at once.
   */
  private final Object keyArrived = new Object();

  private long keyGeneration;

  public SessionClaims(SessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The claim itself: the agent's session, by the rules, in one write transaction. */
  public ClaimResult claim(Agent agent, ClaimRequest r) {
    agent.require(Role.SESSION);
    ClaimRequest req = checked(r);
    return store.write(tx -> claimIn(tx, agent.id(), req, clock.millis()));
  }

  /** PreToolUse(Agent): an Agent call about to start a sub-agent. */
  public void recordSpawn(
      Agent agent,
      String cc,
      String toolUseId,
      String name,
      String description,
      String type,
      boolean background) {
    agent.require(Role.SESSION);
    var s =
        new Spawn(
            token("tool_use_id", toolUseId),
            optName(name),
            checkDescription(description),
            type == null || type.isBlank() ? "general-purpose" : token("agent_type", type),
            background,
            null,
            null);
    String ccId = token("session_id", cc);
    store.write(
        tx -> {
          tx.putSpawn(agent.id(), ccId, s, clock.millis());
          return null;
        });
  }

  /**
   * PostToolUse(Agent) and its failures: with an agent id (background {@code async_launched}, or a
   * finished foreground spawn) the exact key that pairs spawn and sub-agent; without one the spawn
   * never started a sub-agent and is forgotten.
   */
  public Optional<Session> spawned(
      Agent agent, String cc, String toolUseId, String agentId, String description, String type) {
    agent.require(Role.SESSION);
    String ccId = token("session_id", cc);
    String use = token("tool_use_id", toolUseId);
    String desc = checkDescription(description);
    if (agentId == null || agentId.isBlank()) {
      store.write(
          tx -> {
            tx.dropSpawns(agent.id(), ccId, use);
            return null;
          });
      return Optional.empty();
    }
    String aid = token("agent_id", agentId);
    String t = type == null || type.isBlank() ? "general-purpose" : token("agent_type", type);
    Optional<Session> out =
        store.write(
            tx -> {
              long now = clock.millis();
              tx.putSpawn(agent.id(), ccId, new Spawn(use, null, desc, t, true, aid, null), now);
              return settle(tx, agent.id(), ccId, use, aid, now);
            });
    synchronized (keyArrived) {
      keyGeneration++;
      keyArrived.notifyAll();
    }
    return out;
  }

  /**
   * SubagentStart: the sub-agent's session, paired with its spawn by the exact key when it exists.
   * A background spawn's key (its async_launched PostToolUse) is dispatched together with this
   * call, so up to {@code waitMs} is spent waiting for it while a background spawn of this type is
   * still unpaired; otherwise the oldest unpaired spawn of the type is taken, marked by-order.
   */
  public ClaimResult claimSubagent(
      Agent agent, String cc, String agentId, String type, Long pid, String start, long waitMs) {
    agent.require(Role.SESSION);
    String ccId = token("session_id", cc);
    String aid = token("agent_id", agentId);
    String t = type == null || type.isBlank() ? "general-purpose" : token("agent_type", type);
    String processStart = start == null ? null : bounded("process_start", start, 100);
    long deadline = System.nanoTime() + Duration.ofMillis(Math.max(0, waitMs)).toNanos();
    awaitKey(agent.id(), ccId, aid, t, deadline);
    return store.write(
        tx -> {
          long now = clock.millis();
          long owner = agent.id();
          Optional<Spawn> exact = tx.spawnOfAgent(owner, ccId, aid);
          Optional<Spawn> spawn = exact.isPresent() ? exact : byOrder(tx, owner, ccId, t);
          String name = spawn.map(Spawn::name).orElse(null);
          var req =
              new ClaimRequest(
                  ccId,
                  aid,
                  t,
                  name == null ? t + "-" + ClaimRules.shortId(aid) : name,
                  spawn.map(Spawn::description).orElse(null),
                  spawn.map(Spawn::toolUseId).orElse(null),
                  null,
                  exact.isPresent() ? "exact" : "by-order",
                  pid,
                  processStart);
          if (exact.isPresent()) {
            tx.unpairOthers(owner, ccId, exact.get().toolUseId(), "");
          }
          ClaimResult res = claimIn(tx, owner, req, now);
          if (spawn.isPresent()) {
            tx.spawnHeldBy(owner, ccId, spawn.get().toolUseId(), res.session().id());
          }
          return res;
        });
  }

  /** A sub-agent is working: settle its pairing if its key is known now, then heartbeat. */
  public Optional<Session> activity(Agent agent, String cc, String agentId, String toolUseId) {
    return touch(agent, cc, agentId, toolUseId, null);
  }

  /** SubagentStop: settle, then close the sub-agent's session with reason {@code stopped}. */
  public Optional<Session> stop(Agent agent, String cc, String agentId, String toolUseId) {
    return touch(agent, cc, agentId, toolUseId, "stopped");
  }

  /**
   * Closes every open session of these Claude Code sessions (the lead's and its sub-agents') and
   * forgets their spawns: {@code ended} at SessionEnd, {@code orphaned} when their process is gone.
   */
  public int end(Agent agent, List<String> ccSessions, String reason) {
    agent.require(Role.SESSION);
    List<String> ids = ccSessions.stream().map(s -> token("session_id", s)).toList();
    if (ids.size() > 100) {
      throw new InvalidInputException("at most 100 Claude Code sessions at a time");
    }
    return store.write(
        tx -> {
          int n = 0;
          for (String cc : ids) {
            n += tx.closeAllOf(agent.id(), cc, reason, clock.millis());
            tx.dropSpawns(agent.id(), cc, null);
          }
          return n;
        });
  }

  /** Closes sessions of every agent inactive for longer than {@code after}: reason expired. */
  public int expire(Duration after) {
    long now = clock.millis();
    return store.write(tx -> tx.closeIdle(now - after.toMillis(), now));
  }

  private Optional<Session> touch(
      Agent agent, String cc, String agentId, String toolUseId, String closeReason) {
    agent.require(Role.SESSION);
    String ccId = token("session_id", cc);
    String aid = token("agent_id", agentId);
    String use = toolUseId == null || toolUseId.isBlank() ? null : token("tool_use_id", toolUseId);
    return store.write(
        tx -> {
          long now = clock.millis();
          long owner = agent.id();
          if (use != null) {
            tx.putSpawn(
                owner, ccId, new Spawn(use, null, null, "general-purpose", false, aid, null), now);
            settle(tx, owner, ccId, use, aid, now);
          }
          Optional<Session> own = tx.own(owner, ccId, aid, now);
          if (own.isEmpty()) {
            return own;
          }
          String id = own.get().id();
          SessionFunnel.inside(
              tx,
              id,
              closeReason == null
                  ? SessionTransition.heartbeat()
                  : SessionTransition.close(closeReason),
              now);
          return tx.find(id, null, now);
        });
  }

  private ClaimResult claimIn(SessionTx tx, long owner, ClaimRequest r, long now) {
    String parent = r.parentId();
    if (parent == null && r.ccAgentId() != null) {
      parent = tx.own(owner, r.ccSessionId(), null, now).map(Session::id).orElse(null);
    }
    var req =
        new ClaimRequest(
            r.ccSessionId(),
            r.ccAgentId(),
            r.agentType(),
            r.name(),
            r.description(),
            r.toolUseId(),
            parent,
            r.pairing(),
            r.pid(),
            r.processStart());
    var own =
        tx.own(owner, req.ccSessionId(), req.ccAgentId(), now)
            .map(s -> new ClaimRules.Held(s.id(), s.status(), req.ccSessionId(), req.ccAgentId()));
    String name = req.name() == null ? defaultName(req) : req.name();
    var decision =
        ClaimRules.decide(
            own,
            own.isPresent() ? List.of() : tx.named(owner, name, now),
            name,
            req.ccSessionId(),
            req.ccAgentId());
    String id = decision.id();
    if (id == null) {
      id = UUID.randomUUID().toString();
      tx.insertClaimed(id, owner, decision.name(), req, now);
    } else {
      tx.takeOver(id, req, own.isPresent(), now);
    }
    return new ClaimResult(tx.find(id, null, now).orElseThrow(), decision.action().wire());
  }

  /** The exact key settles a pairing: the session gets its own spawn's name and description. */
  private static Optional<Session> settle(
      SessionTx tx, long owner, String cc, String toolUseId, String agentId, long now) {
    Optional<Session> own = tx.own(owner, cc, agentId, now);
    Optional<Spawn> spawn = tx.spawnOfToolUse(owner, cc, toolUseId);
    if (own.isEmpty() || spawn.isEmpty()) {
      return own;
    }
    Session s = own.get();
    Spawn sp = spawn.get();
    if (toolUseId.equals(s.toolUseId()) && "exact".equals(s.pairing())) {
      return own;
    }
    tx.unpairOthers(owner, cc, toolUseId, s.id());
    String name = sp.name() != null ? sp.name() : s.agentType() + "-" + ClaimRules.shortId(agentId);
    String type = sp.description() == null && sp.name() == null ? null : sp.agentType();
    tx.settle(
        s.id(),
        new Spawn(
            toolUseId,
            sp.name(),
            sp.description() != null ? sp.description() : s.description(),
            type,
            sp.background(),
            agentId,
            s.id()),
        name,
        now);
    tx.spawnHeldBy(owner, cc, toolUseId, s.id());
    return tx.find(s.id(), null, now);
  }

  /** No key: the oldest unpaired foreground spawn (background ones bring keys), else any. */
  private static Optional<Spawn> byOrder(SessionTx tx, long owner, String cc, String type) {
    Optional<Spawn> fg = tx.oldestUnpaired(owner, cc, type, false);
    return fg.isPresent() ? fg : tx.oldestUnpaired(owner, cc, type, null);
  }

  /** True while a background spawn of this type is unpaired and this agent has no key yet. */
  private static boolean keyStillComing(
      SessionTx tx, long owner, String cc, String agentId, String type) {
    return tx.spawnOfAgent(owner, cc, agentId).isEmpty()
        && tx.own(owner, cc, agentId, Long.MAX_VALUE).isEmpty()
        && tx.oldestUnpaired(owner, cc, type, true).isPresent();
  }

  private static String defaultName(ClaimRequest r) {
    String cc = r.ccSessionId();
    if (r.ccAgentId() == null) {
      return "lead-" + (cc.length() > 8 ? cc.substring(0, 8) : cc);
    }
    return (r.agentType() == null ? "agent" : r.agentType())
        + "-"
        + ClaimRules.shortId(r.ccAgentId());
  }

  private static ClaimRequest checked(ClaimRequest r) {
    String pairing = r.pairing();
    if (pairing != null && !pairing.equals("exact") && !pairing.equals("by-order")) {
      throw new InvalidInputException("pairing must be exact or by-order; got '" + pairing + "'");
    }
    if (r.pid() != null && (r.pid() < 1 || r.pid() > 4_194_304L)) {
      throw new InvalidInputException("pid must be between 1 and 4194304; got " + r.pid());
    }
    return new ClaimRequest(
        token("cc_session_id", r.ccSessionId()),
        r.ccAgentId() == null ? null : token("agent_id", r.ccAgentId()),
        r.agentType() == null ? null : token("agent_type", r.agentType()),
        optName(r.name()),
        checkDescription(r.description()),
        r.toolUseId() == null ? null : token("tool_use_id", r.toolUseId()),
        r.parentId() == null ? null : SessionService.checkId(r.parentId()),
        pairing,
        r.pid(),
        r.processStart() == null ? null : bounded("process_start", r.processStart(), 100));
  }

  private static String token(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field + " is required");
    }
    if (!TOKEN.matcher(value).matches()) {
      throw new InvalidInputException(
          field + " must be 1-200 letters, digits or _ . : - characters");
    }
    return value;
  }

  private static String optName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = bounded("name", name.strip(), SessionService.MAX_NAME);
    if (Pattern.compile("\\p{Cntrl}").matcher(n).find()) {
      throw new InvalidInputException("name must not contain control characters");
    }
    return n;
  }

  private static String checkDescription(String d) {
    return d == null ? null : bounded("description", d, SessionService.MAX_DESCRIPTION);
  }

  private static String bounded(String field, String v, int max) {
    if (v.length() > max) {
      throw new InvalidInputException(field + " is " + v.length() + " characters; at most " + max);
    }
    return v;
  }

  /**
   * Waits until this agent's key is stored, no background spawn of its type is unpaired, or the
   * deadline.
   */
  private void awaitKey(long owner, String cc, String agentId, String type, long deadline) {
    while (true) {
      long seen;
      synchronized (keyArrived) {
        seen = keyGeneration;
      }
      if (System.nanoTime() >= deadline
          || !store.read(tx -> keyStillComing(tx, owner, cc, agentId, type))) {
        return;
      }
      long left = Math.min(RECHECK_MS, (deadline - System.nanoTime()) / 1_000_000);
      synchronized (keyArrived) {
        if (keyGeneration == seen && left > 0) {
          try {
            keyArrived.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }
}
