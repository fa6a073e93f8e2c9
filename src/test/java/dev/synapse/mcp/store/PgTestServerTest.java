package dev.synapse.mcp.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.PgTestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL the tests start is a real server, private to the test run, one database per
 * caller.
 */
class PgTestServerTest {

  @Test
  void aRealServerWithOneFreshDatabasePerCaller() throws SQLException {
    PgTestServer pg = PgTestServer.shared();
    String a = pg.newDatabase();
    String b = pg.newDatabase();
    assertNotEquals(a, b);
    try (Connection ca = DriverManager.getConnection(a);
        Statement st = ca.createStatement()) {
      ResultSet rs = st.executeQuery("SHOW server_version_num");
      assertTrue(rs.next());
      assertTrue(Integer.parseInt(rs.getString(1)) >= 150000, "PostgreSQL 15 or newer");
      rs = st.executeQuery("SHOW listen_addresses");
      assertTrue(rs.next());
      assertEquals("127.0.0.1", rs.getString(1));
      st.execute("CREATE TABLE only_in_a (x int)");
    }
    try (Connection cb = DriverManager.getConnection(b);
        Statement st = cb.createStatement()) {
      assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM only_in_a"));
    }
  }
}
