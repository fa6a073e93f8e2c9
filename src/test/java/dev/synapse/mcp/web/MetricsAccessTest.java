package dev.synapse.mcp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may read /metrics under each SYNAPSE_METRICS setting, against a real server. */
class MetricsAccessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private Path dir;
  private SynapseServer server;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("metrics-access");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.stop(Duration.ofSeconds(2));
    }
    TempDirs.delete(dir);
  }

  private void start(String access) {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("home", dir.toString());
    server =
        SynapseServer.start(
            ServerConfig.resolve(Map.of("SYNAPSE_METRICS", access), flags), Clock.systemUTC());
  }

  private HttpResponse<String> metrics(String key) throws Exception {
    var req = HttpRequest.newBuilder(URI.create(server.url() + "/metrics")).GET();
    if (key != null) {
      req.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void keyModeWantsAnAdminKeyEvenOnLoopback() throws Exception {
    start("key");
    String admin = server.keys().create("ops", Set.of(Role.ADMIN));
    String plain = server.keys().create("worker", KeyService.DEFAULT_ROLES);
    var none = metrics(null);
    assertEquals(401, none.statusCode());
    assertEquals(
        "metrics need a key with the admin role: Authorization: Bearer syn_...\n", none.body());
    assertEquals(401, metrics("syn_wrong").statusCode());
    var notAdmin = metrics(plain);
    assertEquals(403, notAdmin.statusCode());
    assertFalse(notAdmin.body().contains("synapse_"), "no metric leaks to a non-admin");
    var ok = metrics(admin);
    assertEquals(200, ok.statusCode());
    assertTrue(ok.body().contains("# TYPE synapse_tool_calls_total counter"), ok.body());
    assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(""));
  }

  @Test
  void loopbackModeIsOpenToALoopbackClient() throws Exception {
    start("loopback");
    var res = metrics(null);
    assertEquals(200, res.statusCode());
    assertTrue(res.body().contains("# TYPE synapse_sessions gauge"), res.body());
  }

  @Test
  void offModeAnswersNotFoundEvenToAnAdmin() throws Exception {
    start("off");
    String admin = server.keys().create("ops", Set.of(Role.ADMIN));
    var res = metrics(admin);
    assertEquals(404, res.statusCode());
    assertEquals("metrics are off (SYNAPSE_METRICS=off)\n", res.body());
  }

  @Test
  void anUnknownSettingIsRefusedWithOneLine() {
    var e =
        assertThrows(
            InvalidInputException.class,
            () -> ServerConfig.resolve(Map.of("SYNAPSE_METRICS", "public"), Map.of("port", "0")));
    assertEquals(
        "SYNAPSE_METRICS must be loopback, key, open or off; got 'public'", e.getMessage());
  }

  @Test
  void loopbackAddressesAreRecognised() {
    assertTrue(MetricsServlet.loopback("127.0.0.1"));
    assertTrue(MetricsServlet.loopback("0:0:0:0:0:0:0:1"));
    assertFalse(MetricsServlet.loopback("10.0.0.7"));
    assertFalse(MetricsServlet.loopback(null));
  }
}
