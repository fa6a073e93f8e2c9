package dev.synapse.mcp.store.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.Stores;

/** Every store on one SQLite database. */
public final class SqliteStores {
  private SqliteStores() {}

  public static Stores on(Database db, ObjectMapper json) {
    return new Stores(
        new SqliteKeyStore(db),
        new SqliteSessionStore(db),
        new RunSql(db, json),
        new ReleaseSql(db, json),
        new SqliteAuditStore(db));
  }

  /** For callers that need JSON only as stored text (the CLI, tests). */
  public static Stores on(Database db) {
    return on(db, new ObjectMapper());
  }
}
