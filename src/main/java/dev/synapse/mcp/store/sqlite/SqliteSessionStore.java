package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.sessions.ClaimRequest;
import dev.synapse.mcp.sessions.ClaimRules;
import dev.synapse.mcp.sessions.NewSession;
import dev.synapse.mcp.sessions.Session;
import dev.synapse.mcp.sessions.SessionQuery;
import dev.synapse.mcp.sessions.SessionStore;
import dev.synapse.mcp.sessions.SessionTransition;
import dev.synapse.mcp.sessions.SessionTx;
import dev.synapse.mcp.sessions.Spawn;
import dev.synapse.mcp.store.Database;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Sessions, claims and spawns in SQLite: a unit of work is one read or one grouped write. */
final class SqliteSessionStore implements SessionStore {
  private final Database db;

  SqliteSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public <T> T read(Function<SessionTx, T> work) {
    return db.read(c -> work.apply(new Tx(c)));
  }

  @Override
  public <T> T write(Function<SessionTx, T> work) {
    return db.write(c -> work.apply(new Tx(c)));
  }

  private record Tx(Connection c) implements SessionTx {
    @Override
    public java.util.Map<String, Long> countByStatus(long now) {
      return Jdbc.call(() -> SessionSql.countByStatus(c, now));
    }

    @Override
    public void insert(NewSession s, long now) {
      Jdbc.run(() -> SessionSql.insert(c, s, now));
    }

    @Override
    public Optional<Session> find(String id, Long agentId, long now) {
      return Jdbc.call(() -> SessionSql.find(c, id, agentId, now));
    }

    @Override
    public List<Session> list(SessionQuery q, long now) {
      return Jdbc.call(() -> SessionSql.list(c, q, now));
    }

    @Override
    public Optional<Long> version(String id) {
      return Jdbc.call(() -> SessionSql.version(c, id));
    }

    @Override
    public boolean transition(String id, long version, SessionTransition t, long now) {
      return Jdbc.call(() -> SessionSql.update(c, id, version, t, now));
    }

    @Override
    public Optional<Long> agentNamed(String name) {
      return Jdbc.call(() -> SessionSql.agentNamed(c, name));
    }

    @Override
    public Optional<Session> own(long owner, String cc, String agentId, long now) {
      return Jdbc.call(() -> ClaimSql.own(c, owner, cc, agentId, now));
    }

    @Override
    public List<ClaimRules.Held> named(long owner, String name, long now) {
      return Jdbc.call(() -> ClaimSql.named(c, owner, name, now));
    }

    @Override
    public void insertClaimed(String id, long owner, String name, ClaimRequest r, long now) {
      Jdbc.run(() -> ClaimSql.insert(c, id, owner, name, r, now));
    }

    @Override
    public void takeOver(String id, ClaimRequest r, boolean keepSpawn, long now) {
      Jdbc.run(() -> ClaimSql.takeOver(c, id, r, keepSpawn, now));
    }

    @Override
    public void settle(String id, Spawn s, String name, long now) {
      Jdbc.run(() -> ClaimSql.settle(c, id, s, name, now));
    }

    @Override
    public void unpairOthers(long owner, String cc, String toolUseId, String keep) {
      Jdbc.run(() -> ClaimSql.unpairOthers(c, owner, cc, toolUseId, keep));
    }

    @Override
    public int closeAllOf(long owner, String cc, String reason, long now) {
      return Jdbc.call(
          () -> ClaimSql.close(c, "agent_id = ? AND cc_session_id = ?", reason, now, owner, cc));
    }

    @Override
    public int closeIdle(long cutoff, long now) {
      return Jdbc.call(() -> ClaimSql.close(c, "last_active_at < ?", "expired", now, cutoff));
    }

    @Override
    public void putSpawn(long owner, String cc, Spawn s, long now) {
      Jdbc.run(() -> ClaimSql.putSpawn(c, owner, cc, s, now));
    }

    @Override
    public Optional<Spawn> spawnOfAgent(long owner, String cc, String ccAgentId) {
      return Jdbc.call(() -> ClaimSql.spawnOf(c, owner, cc, "cc_agent_id", ccAgentId));
    }

    @Override
    public Optional<Spawn> spawnOfToolUse(long owner, String cc, String toolUseId) {
      return Jdbc.call(() -> ClaimSql.spawnOf(c, owner, cc, "tool_use_id", toolUseId));
    }

    @Override
    public Optional<Spawn> oldestUnpaired(long owner, String cc, String type, Boolean background) {
      return Jdbc.call(() -> ClaimSql.oldestUnpaired(c, owner, cc, type, background));
    }

    @Override
    public void spawnHeldBy(long owner, String cc, String toolUseId, String session) {
      Jdbc.run(() -> ClaimSql.spawnHeldBy(c, owner, cc, toolUseId, session));
    }

    @Override
    public void dropSpawns(long owner, String cc, String toolUseId) {
      Jdbc.run(() -> ClaimSql.dropSpawns(c, owner, cc, toolUseId));
    }
  }
}
