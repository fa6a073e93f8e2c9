package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

/** RAY_ADDRESS / SYNAPSE_RAY_DASHBOARD as the server reads them. */
class RayClusterTest {
  @Test
  void unsetMeansNoRay() {
    assertNull(RayCluster.of(null, " ", null));
  }

  @Test
  void theDashboardDefaultsToTheGcsHostOnPort8265() {
    RayCluster c = RayCluster.of("10.0.0.5:6379", null, null);
    assertEquals("http://10.0.0.5:8265", c.dashboardUrl());
    assertEquals(6379, c.gcsPort());
    assertEquals("http://h:1", RayCluster.of("10.0.0.5:6379", "http://h:1/", null).dashboardUrl());
    assertNull(RayCluster.of(null, "http://h:8265", null).gcsAddress(), "job mode only");
  }

  @Test
  void aDashboardUrlInRayAddressIsRefusedWithAHint() {
    var e =
        assertThrows(
            InvalidInputException.class, () -> RayCluster.of("http://127.0.0.1:8265", null, null));
    assertTrue(e.getMessage().contains("SYNAPSE_RAY_DASHBOARD"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> RayCluster.of("nohost", null, null));
  }

  @Test
  void anUnreachableGcsIsReportedNotThrown() {
    assertTrue(RayCluster.of("127.0.0.1:1", null, null).gcsProblem(500) != null);
  }
}
