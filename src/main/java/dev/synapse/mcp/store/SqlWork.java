package dev.synapse.mcp.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of SQL run against a connection the store lends for the duration of the call. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
