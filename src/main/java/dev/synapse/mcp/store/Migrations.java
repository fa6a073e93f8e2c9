package dev.synapse.mcp.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Forward-only schema migrations: {@code db/migration/V<n>__<name>.sql}, applied in order, each in
 * its own transaction, recorded in {@code schema_migrations}.
 */
final class Migrations {
  private static final String DIR = "db/migration/";

  private Migrations() {}

  static int apply(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
              + " name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    }
    int current = currentVersion(c);
    for (int v = current + 1; ; v++) {
      String name = find(v);
      if (name == null) {
        return v - 1;
      }
      run(c, v, name);
    }
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String find(int version) {
    String index = read(DIR + "index.txt");
    for (String line : index.split("\n")) {
      if (line.startsWith("V" + version + "__")) {
        return line.trim();
      }
    }
    return null;
  }

  private static void run(Connection c, int version, String name) throws SQLException {
    String text = read(DIR + name);
    // SQLite's way to rebuild a table others refer to: foreign keys off around the transaction
    // (the pragma is ignored inside one), and checked before it commits.
    boolean rebuild = text.startsWith("-- rebuilds tables");
    if (rebuild) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA foreign_keys=OFF");
      }
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      for (String sql : text.split(";\\s*(\\n|$)")) {
        if (!sql.isBlank()) {
          st.executeUpdate(sql);
        }
      }
      if (rebuild) {
        try (var rs = st.executeQuery("PRAGMA foreign_key_check")) {
          if (rs.next()) {
            throw new SQLException(name + " leaves rows whose foreign keys point nowhere");
          }
        }
      }
      try (var ps =
          c.prepareStatement(
              "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?,?,?)")) {
        ps.setInt(1, version);
        ps.setString(2, name);
        ps.setLong(3, System.currentTimeMillis());
        ps.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
      if (rebuild) {
        try (Statement st = c.createStatement()) {
          st.execute("PRAGMA foreign_keys=ON");
        }
      }
    }
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
