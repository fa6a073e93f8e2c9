package dev.synapse.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.audit.AuditFilter;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.store.Database;
import dev.synapse.mcp.store.sqlite.SqliteStores;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.MutableClock;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail: MCP tools, REST routes and key changes recorded; the CLI lists and filters. */
class AuditTest {
  private Path dir;
  private Path db;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("audit-test");
    db = dir.resolve("s.db");
  }

  @AfterEach
  void tearDown() {
    TempDirs.delete(dir);
  }

  private String cli(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Main.run(
            List.of(args),
            Map.of("SYNAPSE_HOME", dir.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stateChangingCallsAreRecordedAndTheCliFiltersThem() throws Exception {
    String aliceKey = cli("keys", "create", "--name", "alice", "--db", db.toString()).strip();
    cli("keys", "create", "--name", "bob", "--db", db.toString());
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", db.toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    SynapseServer server =
        SynapseServer.start(ServerConfig.resolve(Map.of(), flags), Clock.systemUTC());
    String sessionId;
    try {
      var alice = new McpTestClient(server.url(), aliceKey).initialize();
      sessionId =
          alice
              .call("create_session", Map.of("name", "audited"))
              .at("/structuredContent/id")
              .asText();
      alice.call("session_heartbeat", Map.of("session_id", sessionId));
      alice.call("get_session", Map.of("session_id", sessionId));
      alice.call("close_session", Map.of("session_id", "00000000-0000-0000-0000-000000000000"));
      HttpResponse<String> rest =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.url() + "/api/plugin_releases/hello@9.9.9/"))
                      .header("Authorization", aliceKey)
                      .DELETE()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(404, rest.statusCode(), rest.body());
    } finally {
      server.stop(Duration.ofSeconds(5));
    }
    cli("keys", "revoke", "bob", "--db", db.toString());

    String all = cli("audit", "--db", db.toString());
    assertTrue(all.contains("create_session") && all.contains(sessionId), all);
    assertTrue(all.contains(aliceKey.substring(0, 12)), "the key prefix: " + all);
    assertTrue(all.contains("127.0.0.1"), "the client address: " + all);
    assertTrue(all.contains("keys create") && all.contains("keys revoke"), all);
    // the route as served: a trailing slash is tolerated and recorded without it
    assertTrue(all.contains("DELETE /api/plugin_releases/hello@9.9.9 "), all);
    assertFalse(all.contains("get_session"), "reads are not audited: " + all);
    assertFalse(all.contains("session_heartbeat"), all);
    assertFalse(all.contains(aliceKey), "a whole key in the audit trail");

    String failed = cli("audit", "--failed", "--agent", "alice", "--db", db.toString());
    assertTrue(failed.contains("close_session") && failed.contains("error: "), failed);
    assertTrue(failed.contains("DELETE /api/plugin_releases"), failed);
    assertFalse(failed.contains("create_session"), failed);
    String actions = cli("audit", "--action", "keys revoke", "--db", db.toString());
    assertTrue(actions.contains("bob") && !actions.contains("create_session"), actions);
  }

  @Test
  void entriesOlderThanTheRetentionArePruned() {
    var clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    try (Database database = Database.open(db, 1)) {
      var log = new AuditLog(SqliteStores.on(database).audit(), clock, 7);
      var agent = new KeyService(SqliteStores.on(database).keys(), clock).local("cli");
      log.record(agent, "create_session", "s1", "ok", "127.0.0.1");
      clock.advance(Duration.ofDays(8));
      log.record(agent, "close_session", "s1", "ok", "127.0.0.1");
      var left = log.list(new AuditFilter(null, null, null, null, false, 100));
      assertEquals(1, left.size(), left.toString());
      assertEquals("close_session", left.get(0).action());
    }
  }
}
