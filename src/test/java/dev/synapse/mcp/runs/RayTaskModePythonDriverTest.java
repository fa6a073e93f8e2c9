package dev.synapse.mcp.runs;

import dev.synapse.mcp.testing.RayTestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every task-mode test of {@link RayTaskModeTest}, through the Python driver on a head of the
 * newest Ray with token authentication on.
 */
class RayTaskModePythonDriverTest extends RayTaskModeTest {
  @BeforeAll
  static void start() throws Exception {
    if (!RayTestCluster.newestInstalled()) {
      return; // each test then skips on its own, and is counted as skipped
    }
    begin(RayTestCluster.newest());
  }

  @BeforeEach
  @Override
  void needsRay() {
    RayTestCluster.assumeNewestInstalled();
  }
}
