package dev.synapse.mcp.store.sqlite;

import dev.synapse.mcp.store.StorageException;
import java.sql.SQLException;

/** Turns the checked SQL failure into the store's one unchecked type. */
final class Jdbc {
  private Jdbc() {}

  @FunctionalInterface
  interface Call<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  interface Step {
    void run() throws SQLException;
  }

  static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (SQLException e) {
      throw new StorageException("statement failed: " + e.getMessage(), e);
    }
  }

  static void run(Step step) {
    call(
        () -> {
          step.run();
          return null;
        });
  }
}
