package dev.synapse.mcp.store.sqlite;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.releases.NewRelease;
import dev.synapse.mcp.releases.PluginRelease;
import dev.synapse.mcp.releases.ReleaseFilter;
import dev.synapse.mcp.releases.ReleaseLookup;
import dev.synapse.mcp.releases.ReleaseStore;
import dev.synapse.mcp.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All SQL about plugin releases. */
final class ReleaseSql implements ReleaseStore {
  private static final String COLUMNS =
      "SELECT id, code, version, source, sha256, size, actions, config, created_at, created_by"
          + " FROM plugin_releases";
  private final Database db;
  private final ObjectMapper json;

  ReleaseSql(Database db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  @Override
  public long insert(NewRelease r, Long agentId, long now) {
    return db.write(c -> insert(c, r, agentId, now));
  }

  @Override
  public long refresh(long id, NewRelease r) {
    return db.write(c -> refresh(c, id, r));
  }

  @Override
  public Optional<PluginRelease> find(ReleaseLookup lookup) {
    return db.read(c -> find(c, lookup));
  }

  @Override
  public boolean delete(long id) {
    return db.write(c -> delete(c, id));
  }

  @Override
  public Slice page(ReleaseFilter f, int offset, int limit) {
    return db.read(c -> new Slice(count(c, f), page(c, f, offset, limit)));
  }

  long insert(Connection c, NewRelease r, Long agentId, long now) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO plugin_releases(code, version, source, sha256, size, actions, config,"
                + " created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            java.sql.Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, r.ref().code());
      ps.setString(2, r.ref().version());
      ps.setString(3, r.source());
      ps.setString(4, r.sha256());
      ps.setLong(5, r.size());
      ps.setString(6, r.actions());
      ps.setString(7, r.config());
      ps.setObject(8, agentId);
      ps.setLong(9, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** Rewrites what a re-fetch may change; returns {@code id}. */
  long refresh(Connection c, long id, NewRelease r) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "UPDATE plugin_releases SET source = ?, sha256 = ?, size = ?, actions = ?, config = ?"
                + " WHERE id = ?")) {
      ps.setString(1, r.source());
      ps.setString(2, r.sha256());
      ps.setLong(3, r.size());
      ps.setString(4, r.actions());
      ps.setString(5, r.config());
      ps.setLong(6, id);
      ps.executeUpdate();
    }
    return id;
  }

  Optional<PluginRelease> find(Connection c, ReleaseLookup lookup) throws SQLException {
    boolean byId = lookup.id() != null;
    String sql = COLUMNS + (byId ? " WHERE id = ?" : " WHERE code = ? AND version = ?");
    try (var ps = c.prepareStatement(sql)) {
      if (byId) {
        ps.setLong(1, lookup.id());
      } else {
        ps.setString(1, lookup.ref().code());
        ps.setString(2, lookup.ref().version());
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  boolean delete(Connection c, long id) throws SQLException {
    try (var ps = c.prepareStatement("DELETE FROM plugin_releases WHERE id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  int count(Connection c, ReleaseFilter f) throws SQLException {
    try (var ps = c.prepareStatement("SELECT COUNT(*) FROM plugin_releases" + where(f))) {
      bind(ps, f, 0);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /** Oldest first, so a client paging through while releases are added never skips one. */
  List<PluginRelease> page(Connection c, ReleaseFilter f, int offset, int limit)
      throws SQLException {
    try (var ps = c.prepareStatement(COLUMNS + where(f) + " ORDER BY id LIMIT ? OFFSET ?")) {
      int n = bind(ps, f, 0);
      ps.setInt(n + 1, limit);
      ps.setInt(n + 2, offset);
      try (ResultSet rs = ps.executeQuery()) {
        List<PluginRelease> out = new ArrayList<>();
        while (rs.next()) {
          out.add(map(rs));
        }
        return out;
      }
    }
  }

  private static String where(ReleaseFilter f) {
    var sql = new StringBuilder(" WHERE 1=1");
    if (f.code() != null) {
      sql.append(" AND code = ?");
    }
    if (f.version() != null) {
      sql.append(" AND version = ?");
    }
    return sql.toString();
  }

  private static int bind(java.sql.PreparedStatement ps, ReleaseFilter f, int n)
      throws SQLException {
    if (f.code() != null) {
      ps.setString(++n, f.code());
    }
    if (f.version() != null) {
      ps.setString(++n, f.version());
    }
    return n;
  }

  private PluginRelease map(ResultSet rs) throws SQLException {
    String code = rs.getString(2);
    String version = rs.getString(3);
    try {
      return new PluginRelease(
          rs.getLong(1),
          code,
          version,
          rs.getString(4),
          rs.getString(5),
          rs.getLong(6),
          json.readValue(rs.getString(7), new TypeReference<List<String>>() {}),
          json.readTree(rs.getString(8)),
          null,
          Instant.ofEpochMilli(rs.getLong(9)),
          rs.getObject(10) == null ? null : rs.getLong(10));
    } catch (IOException e) {
      throw new UncheckedIOException("release row " + rs.getLong(1) + " holds bad JSON", e);
    }
  }
}
