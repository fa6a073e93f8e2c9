package dev.synapse.mcp.sessions;

import java.util.List;
import java.util.Optional;

/**
 * What a unit of session work may read and write. Times are epoch milliseconds. Single-session
 * state changes go through {@link #transition}, checked against the row's version; the set-based
 * closes ({@link #closeAllOf}, {@link #closeIdle}) bump the version of every row they close, so a
 * writer that read a row before them loses its race and re-reads.
 */
public interface SessionTx {
  /** Sessions of every agent by status as read (active, inactive, closed; zero when none). */
  java.util.Map<String, Long> countByStatus(long now);

  void insert(NewSession s, long now);

  /** The session if it exists and (unless {@code agentId} is null) belongs to that agent. */
  Optional<Session> find(String id, Long agentId, long now);

  List<Session> list(SessionQuery q, long now);

  /** The version of the row (the optimistic lock), if it exists. */
  Optional<Long> version(String id);

  /**
   * Writes a transition the caller checked against the state machine, only if the row is still at
   * {@code version}; false when another writer changed it in between (the caller re-reads).
   */
  boolean transition(String id, long version, SessionTransition t, long now);

  /** The id of the agent with this name. */
  Optional<Long> agentNamed(String name);

  // --- claims: sessions looked up by their Claude Code identity ---

  /** The caller's own session: same owner, Claude Code session and agent id (null: the lead). */
  Optional<Session> own(long owner, String cc, String agentId, long now);

  /** Sessions of the owner with this name, newest first, with their holders. */
  List<ClaimRules.Held> named(long owner, String name, long now);

  void insertClaimed(String id, long owner, String name, ClaimRequest r, long now);

  /** Takes a session over for this claim: open, fresh, and carrying the claimer's identity. */
  void takeOver(String id, ClaimRequest r, boolean keepSpawn, long now);

  /** Writes what an exact key revealed about a session's spawn. */
  void settle(String id, Spawn s, String name, long now);

  /** Sessions that took this spawn by order give it back (see the SQLite implementation). */
  void unpairOthers(long owner, String cc, String toolUseId, String keep);

  /** Closes the open sessions of these Claude Code sessions; returns how many. */
  int closeAllOf(long owner, String cc, String reason, long now);

  /** Closes open sessions of every agent last active before {@code cutoff}: reason expired. */
  int closeIdle(long cutoff, long now);

  // --- spawns ---

  void putSpawn(long owner, String cc, Spawn s, long now);

  Optional<Spawn> spawnOfAgent(long owner, String cc, String ccAgentId);

  Optional<Spawn> spawnOfToolUse(long owner, String cc, String toolUseId);

  /** The oldest spawn of this type no sub-agent has a key for and no session holds yet. */
  Optional<Spawn> oldestUnpaired(long owner, String cc, String type, Boolean background);

  void spawnHeldBy(long owner, String cc, String toolUseId, String session);

  /** Forgets spawns of a Claude Code session (one unheld spawn when {@code toolUseId} is set). */
  void dropSpawns(long owner, String cc, String toolUseId);
}
