package dev.synapse.mcp.runs.task;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SYNAPSE_RAY_NODE_IP, from the environment to the Ray driver's command line. */
class RayDriverCommandTest {
  private static java.util.List<String> driverCommand(Map<String, String> env) {
    var config = ServerConfig.resolve(env, Map.of("home", "/tmp/unused-home"));
    Path dir = Path.of("/tmp/unused");
    return new RayDriver(config.ray(), dir, dir, new ObjectMapper()).command().command();
  }

  @Test
  void theNodeIpSettingReachesTheDriverCommand() {
    var cmd =
        driverCommand(Map.of("RAY_ADDRESS", "127.0.0.1:6379", "SYNAPSE_RAY_NODE_IP", " 10.1.2.3 "));
    assertTrue(cmd.contains("-Dray.node-ip=10.1.2.3"), cmd.toString());
    assertTrue(cmd.contains("-Dray.address=127.0.0.1:6379"), cmd.toString());
    var without = driverCommand(Map.of("RAY_ADDRESS", "127.0.0.1:6379"));
    assertFalse(without.stream().anyMatch(a -> a.startsWith("-Dray.node-ip")), without.toString());
  }
}
