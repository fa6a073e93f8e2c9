package dev.synapse.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per documented SYNAPSE_* server setting, each against a real server on port 0. */
class ServerSettingsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Path dir;
  private SynapseServer server;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("settings-test");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.stop(Duration.ofSeconds(2));
    }
    TempDirs.delete(dir);
  }

  private ServerConfig config(Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    return ServerConfig.resolve(env, flags);
  }

  private SynapseServer start(Map<String, String> env) {
    server = SynapseServer.start(config(env), Clock.systemUTC());
    return server;
  }

  private HttpResponse<String> health(Map<String, String> headers) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(server.url() + "/api/health")).GET();
    headers.forEach(req::header);
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void allowedHostsAddsHostNamesAndKeepsRefusingOthers() throws Exception {
    start(Map.of("SYNAPSE_ALLOWED_HOSTS", "synapse.internal, app.example"));
    assertEquals(200, health(Map.of("Host", "app.example:80")).statusCode());
    assertEquals(200, health(Map.of("Host", "synapse.internal")).statusCode());
    assertEquals(403, health(Map.of("Host", "evil.example")).statusCode());
  }

  @Test
  void allowedOriginsAddsOriginsAndKeepsRefusingOthers() throws Exception {
    start(Map.of("SYNAPSE_ALLOWED_ORIGINS", "https://ui.example"));
    assertEquals(200, health(Map.of("Origin", "https://ui.example")).statusCode());
    var other = health(Map.of("Origin", "https://ui.example.evil"));
    assertEquals(403, other.statusCode());
    assertTrue(other.body().contains("Origin"), other.body());
  }

  @Test
  void maxBodyBytesRefusesLargerRequestsWith413() throws Exception {
    start(Map.of("SYNAPSE_MAX_BODY_BYTES", "2000"));
    String key = server.keys().create("big", KeyService.DEFAULT_ROLES);
    var client = new McpTestClient(server.url(), key).initialize();
    var small = client.call("create_session", Map.of("name", "x".repeat(100)));
    assertFalse(small.get("isError").asBoolean(), small.toString());
    var big =
        client.post(
            Map.of(
                "jsonrpc",
                "2.0",
                "id",
                9,
                "method",
                "tools/call",
                "params",
                Map.of("name", "create_session", "arguments", Map.of("name", "y".repeat(3000)))));
    assertEquals(413, big.statusCode(), big.body());
    assertTrue(big.body().contains("larger than 2000 bytes"), big.body());
  }

  @Test
  void workerThreadsMustBeAPositiveNumber() {
    var word =
        assertThrows(
            InvalidInputException.class, () -> config(Map.of("SYNAPSE_WORKER_THREADS", "many")));
    assertEquals("SYNAPSE_WORKER_THREADS must be a number; got 'many'", word.getMessage());
    var zero =
        assertThrows(
            InvalidInputException.class, () -> start(Map.of("SYNAPSE_WORKER_THREADS", "0")));
    assertEquals("SYNAPSE_WORKER_THREADS must be at least 1; got 0", zero.getMessage());
    var body =
        assertThrows(
            InvalidInputException.class, () -> start(Map.of("SYNAPSE_MAX_BODY_BYTES", "-5")));
    assertEquals("SYNAPSE_MAX_BODY_BYTES must be at least 1; got -5", body.getMessage());
  }
}
