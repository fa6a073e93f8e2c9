package dev.synapse.mcp.ray;

/**
 * What a Ray cluster runs, as its dashboard reports it: Ray's version and the Python version of its
 * nodes. Task mode drives a cluster through the Ray Java API only when its Ray is {@link
 * #JAVA_API_RAY}, the newest version whose Java jars exist.
 */
public record ClusterInfo(String rayVersion, String pythonVersion) {
  /** The Ray version of the Java API jars this server is built with. */
  public static final String JAVA_API_RAY = "2.39.0";

  public boolean javaDriverMatches() {
    return JAVA_API_RAY.equals(rayVersion);
  }

  /** One line naming both versions, for a cluster the Java driver cannot drive. */
  public String javaMismatch() {
    return "task mode's Java driver speaks Ray "
        + JAVA_API_RAY
        + " but the cluster runs Ray "
        + rayVersion
        + " (Python "
        + (pythonVersion == null ? "unknown" : pythonVersion)
        + "): set SYNAPSE_RAY_PYTHON to a Python with ray=="
        + rayVersion
        + " to drive it through the Python driver";
  }
}
