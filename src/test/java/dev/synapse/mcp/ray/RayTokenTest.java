package dev.synapse.mcp.ray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.runs.RayCluster;
import dev.synapse.mcp.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SYNAPSE_RAY_AUTH_TOKEN and SYNAPSE_RAY_AUTH_TOKEN_FILE as the server reads them. */
class RayTokenTest {
  private static final String SECRET = "ab12".repeat(16);

  @Test
  void noSettingMeansNoToken() {
    assertNull(RayToken.from(Map.of()));
    assertNull(RayToken.from(Map.of("SYNAPSE_RAY_AUTH_TOKEN", " ")));
  }

  @Test
  void theTokenBecomesABearerHeaderAndNeverItsText() {
    RayToken token = RayToken.from(Map.of("SYNAPSE_RAY_AUTH_TOKEN", " " + SECRET + "\n"));
    assertEquals("Bearer " + SECRET, token.bearer());
    assertEquals(Map.of("RAY_AUTH_MODE", "token", "RAY_AUTH_TOKEN", SECRET), token.driverEnv());
    assertFalse(token.toString().contains(SECRET));
    RayCluster cluster = RayCluster.of("127.0.0.1:6379", null, null, token, null);
    assertFalse(cluster.toString().contains(SECRET), cluster.toString());
  }

  @Test
  void theFileIsReadAndTheVariableWins() throws Exception {
    Path dir = TempDirs.create("ray-token-unit");
    try {
      Path file = Files.writeString(dir.resolve("auth_token"), SECRET + "\n");
      assertEquals(
          "Bearer " + SECRET,
          RayToken.from(Map.of("SYNAPSE_RAY_AUTH_TOKEN_FILE", file.toString())).bearer());
      assertEquals(
          "Bearer other",
          RayToken.from(
                  Map.of(
                      "SYNAPSE_RAY_AUTH_TOKEN",
                      "other",
                      "SYNAPSE_RAY_AUTH_TOKEN_FILE",
                      file.toString()))
              .bearer());
    } finally {
      TempDirs.delete(dir);
    }
  }

  @Test
  void badSettingsGiveOneLineWithoutTheToken() {
    var missing =
        assertThrows(
            InvalidInputException.class,
            () -> RayToken.from(Map.of("SYNAPSE_RAY_AUTH_TOKEN_FILE", "/nonexistent/token")));
    assertEquals(
        "SYNAPSE_RAY_AUTH_TOKEN_FILE cannot be read: /nonexistent/token", missing.getMessage());
    var spaced =
        assertThrows(
            InvalidInputException.class,
            () -> RayToken.from(Map.of("SYNAPSE_RAY_AUTH_TOKEN", "two words")));
    assertTrue(spaced.getMessage().startsWith("SYNAPSE_RAY_AUTH_TOKEN must"), spaced.getMessage());
    assertFalse(spaced.getMessage().contains("two words"));
  }
}
