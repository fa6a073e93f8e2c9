package dev.synapse.mcp.ray;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A real server on port 0 with a given environment, and the run calls the Ray tests make. */
final class NewestRayServers {
  private NewestRayServers() {}

  record Started(SynapseServer server, McpTestClient client) {}

  static Started start(Map<String, String> env, Path dir, String db) throws Exception {
    return start(env, dir, db, TestHome.examples().toString());
  }

  static Started start(Map<String, String> env, Path dir, String db, String pluginPath)
      throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve(db).toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", pluginPath);
    SynapseServer server = SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
    String key = server.keys().create("ray-" + db, KeyService.DEFAULT_ROLES);
    return new Started(server, new McpTestClient(server.url(), key).initialize());
  }

  static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  /** run_plugin, then wait_run until the run is done (at most four minutes). */
  static JsonNode run(
      McpTestClient client, String plugin, String action, Map<String, Object> params, String mode)
      throws Exception {
    Map<String, Object> args = new HashMap<>();
    args.put("plugin", plugin);
    args.put("action", action);
    args.put("params", params);
    args.put("wait_s", 45);
    args.put("mode", mode);
    JsonNode run = ok(client.call("run_plugin", args));
    long deadline = System.currentTimeMillis() + 240_000;
    while (!run.get("done").asBoolean() && System.currentTimeMillis() < deadline) {
      run = ok(client.call("wait_run", Map.of("run_id", run.get("id").asText(), "wait_s", 30)));
    }
    return run;
  }
}
