package dev.synapse.mcp.runs;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.ray.RayToken;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Where the Ray cluster is: the GCS address a driver connects to ({@code RAY_ADDRESS}, for task
 * mode) and the dashboard URL that serves the Jobs API ({@code SYNAPSE_RAY_DASHBOARD}, for job
 * mode). Either may be null. {@code nodeIp} ({@code SYNAPSE_RAY_NODE_IP}, optional) is the IP the
 * driver tells Ray it runs on; it must be the IP Ray's raylet on this machine registered (by
 * default both pick the machine's first non-loopback address). {@code token} (may be null) is what
 * a cluster with token authentication wants ({@code SYNAPSE_RAY_AUTH_TOKEN[_FILE]}); {@code
 * driverPython} (may be null, {@code SYNAPSE_RAY_PYTHON}) is a Python with the cluster's Ray, which
 * task mode uses as its driver where the Java API's Ray version differs from the cluster's; a job
 * that asked for resources and is still PENDING after {@code pendingLimitS} is stopped.
 */
public record RayCluster(
    String gcsAddress,
    String dashboardUrl,
    String nodeIp,
    RayToken token,
    String driverPython,
    int pendingLimitS) {
  /**
   * How long a job that asked for resources may stay PENDING ({@code SYNAPSE_RAY_PENDING_LIMIT_S}).
   */
  public static final int DEFAULT_PENDING_LIMIT_S = 600;

  public static final int DEFAULT_DASHBOARD_PORT = 8265;

  /**
   * From the two settings; a dashboard URL defaults to the GCS host on port 8265. Null when neither
   * is set.
   */
  public static RayCluster of(String rayAddress, String dashboard, String nodeIp) {
    return of(rayAddress, dashboard, nodeIp, null, null);
  }

  /**
   * As {@link #of(String, String, String)}, with the cluster's auth token and the Python driver's
   * interpreter (each null for none).
   */
  public static RayCluster of(
      String rayAddress, String dashboard, String nodeIp, RayToken token, String driverPython) {
    return of(rayAddress, dashboard, nodeIp, token, driverPython, DEFAULT_PENDING_LIMIT_S);
  }

  /** As above, with the bound on a PENDING job that asked for resources. */
  public static RayCluster of(
      String rayAddress,
      String dashboard,
      String nodeIp,
      RayToken token,
      String driverPython,
      int pendingLimitS) {
    String gcs = blank(rayAddress) ? null : rayAddress.trim();
    String url = blank(dashboard) ? null : dashboard.trim().replaceAll("/+$", "");
    if (gcs != null && gcs.contains("://")) {
      throw new InvalidInputException(
          "RAY_ADDRESS must be the Ray cluster's GCS host:port (e.g. 127.0.0.1:6379); got '"
              + gcs
              + "'. Put the dashboard URL in SYNAPSE_RAY_DASHBOARD");
    }
    if (gcs != null && !gcs.matches("[^:\\s]+:\\d{1,5}")) {
      throw new InvalidInputException(
          "RAY_ADDRESS must be host:port (e.g. 127.0.0.1:6379); got '" + gcs + "'");
    }
    if (url != null && !url.matches("https?://.+")) {
      throw new InvalidInputException(
          "SYNAPSE_RAY_DASHBOARD must be an http(s) URL such as http://127.0.0.1:8265; got '"
              + url
              + "'");
    }
    if (gcs == null && url == null) {
      return null;
    }
    if (url == null) {
      url = "http://" + gcs.substring(0, gcs.lastIndexOf(':')) + ":" + DEFAULT_DASHBOARD_PORT;
    }
    return new RayCluster(
        gcs,
        url,
        blank(nodeIp) ? null : nodeIp.trim(),
        token,
        blank(driverPython) ? null : driverPython.trim(),
        pendingLimitS);
  }

  public String gcsHost() {
    return gcsAddress.substring(0, gcsAddress.lastIndexOf(':'));
  }

  public int gcsPort() {
    return Integer.parseInt(gcsAddress.substring(gcsAddress.lastIndexOf(':') + 1));
  }

  /** Null when the GCS port accepts a connection within {@code timeoutMs}, else why not. */
  public String gcsProblem(int timeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(gcsHost(), gcsPort()), timeoutMs);
      return null;
    } catch (Exception e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  public URI dashboard(String path) {
    return URI.create(dashboardUrl + path);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
