package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.agents.ApiKeyInfo;
import dev.synapse.mcp.agents.KeyStore;
import dev.synapse.mcp.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Agents and API key hashes in SQLite. */
final class SqliteKeyStore implements KeyStore {
  private final Database db;

  SqliteKeyStore(Database db) {
    this.db = db;
  }

  @Override
  public long agent(String name, long now) {
    return db.write(c -> agentId(c, name, now));
  }

  @Override
  public void addKey(String agentName, String prefix, byte[] hash, String roles, long now) {
    db.write(
        c -> {
          long agentId = agentId(c, agentName, now);
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO api_keys(agent_id, prefix, key_hash, roles, created_at) VALUES (?,?,?,?,?)")) {
            ps.setLong(1, agentId);
            ps.setString(2, prefix);
            ps.setBytes(3, hash);
            ps.setString(4, roles);
            ps.setLong(5, now);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<StoredKey> liveKeys(String prefix) {
    return db.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT k.key_hash, k.roles, a.id, a.name FROM api_keys k JOIN agents a ON a.id = k.agent_id"
                      + " WHERE k.prefix = ? AND k.revoked_at IS NULL")) {
            ps.setString(1, prefix);
            try (ResultSet rs = ps.executeQuery()) {
              List<StoredKey> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new StoredKey(rs.getBytes(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
              }
              return out;
            }
          }
        });
  }

  @Override
  public boolean anyKeys() {
    return db.read(
        c -> {
          try (var rs = c.createStatement().executeQuery("SELECT 1 FROM api_keys LIMIT 1")) {
            return rs.next();
          }
        });
  }

  @Override
  public List<ApiKeyInfo> list() {
    return db.read(
        c -> {
          List<ApiKeyInfo> out = new ArrayList<>();
          try (var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT a.name, k.prefix, k.roles, k.created_at, k.revoked_at FROM api_keys k"
                          + " JOIN agents a ON a.id = k.agent_id ORDER BY a.name, k.created_at")) {
            while (rs.next()) {
              long revoked = rs.getLong(5);
              // asked right after reading column 5: wasNull() describes the last column read
              boolean live = rs.wasNull();
              out.add(
                  new ApiKeyInfo(
                      rs.getString(1),
                      rs.getString(2),
                      Arrays.asList(rs.getString(3).split(",")),
                      Instant.ofEpochMilli(rs.getLong(4)),
                      live ? null : Instant.ofEpochMilli(revoked)));
            }
          }
          return out;
        });
  }

  @Override
  public int revoke(String agentName, long now) {
    return db.write(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL"
                      + " AND agent_id = (SELECT id FROM agents WHERE name = ?)")) {
            ps.setLong(1, now);
            ps.setString(2, agentName);
            return ps.executeUpdate();
          }
        });
  }

  private static long agentId(Connection c, String name, long now) throws SQLException {
    try (var ps =
        c.prepareStatement("INSERT OR IGNORE INTO agents(name, created_at) VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setLong(2, now);
      ps.executeUpdate();
    }
    try (var ps = c.prepareStatement("SELECT id FROM agents WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
