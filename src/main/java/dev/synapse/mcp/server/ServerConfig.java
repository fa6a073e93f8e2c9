package dev.synapse.mcp.server;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.EnvSettings;
import dev.synapse.mcp.ray.RayToken;
import dev.synapse.mcp.runs.RayCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything the server is configured with, built once from the environment and command-line flags
 * (flags win).
 */
public record ServerConfig(
    String host,
    int port,
    Path home,
    Path db,
    List<Path> pluginPath,
    boolean noAuth,
    List<String> allowedHosts,
    List<String> allowedOrigins,
    int maxBodyBytes,
    int workerThreads,
    Path portFile,
    String python,
    String pluginStore,
    long releaseMaxBytes,
    int releaseMaxEntries,
    RayCluster ray,
    List<String> pipOptions,
    int auditRetentionDays,
    TransportLimits limits,
    java.time.Duration sessionExpiry,
    EnvSettings environments,
    dev.synapse.mcp.web.WebSettings web) {

  public static final int DEFAULT_PORT = 8765;

  /**
   * Flags use the long names without dashes: host, port, db, home, plugin-path, port-file, no-auth,
   * plugin-store.
   */
  public static ServerConfig resolve(Map<String, String> env, Map<String, String> flags) {
    String host = pick(flags, "host", env, "SYNAPSE_HOST", "127.0.0.1");
    int port = parsePort(pick(flags, "port", env, "SYNAPSE_PORT", String.valueOf(DEFAULT_PORT)));
    // absolute from the start: child processes (runners, Ray drivers) start in other folders
    Path home = absolute(pick(flags, "home", env, "SYNAPSE_HOME", defaultHome(env)));
    String db = pick(flags, "db", env, "SYNAPSE_DB", null);
    String plugins = pick(flags, "plugin-path", env, "SYNAPSE_PLUGIN_PATH", "");
    boolean noAuth = flags.containsKey("no-auth");
    if (noAuth && !isLoopback(host)) {
      throw new InvalidInputException(
          "--no-auth is allowed only on a loopback host (127.0.0.1, localhost, ::1); got " + host);
    }
    String portFile = flags.get("port-file");
    int workers =
        positive(env.getOrDefault("SYNAPSE_WORKER_THREADS", "64"), "SYNAPSE_WORKER_THREADS");
    return new ServerConfig(
        host,
        port,
        home,
        db == null ? home.resolve("synapse.db") : absolute(db),
        paths(plugins),
        noAuth,
        csv(env.get("SYNAPSE_ALLOWED_HOSTS")),
        csv(env.get("SYNAPSE_ALLOWED_ORIGINS")),
        positive(env.getOrDefault("SYNAPSE_MAX_BODY_BYTES", "1048576"), "SYNAPSE_MAX_BODY_BYTES"),
        workers,
        portFile == null ? null : Path.of(portFile),
        env.getOrDefault("SYNAPSE_PYTHON", "python3"),
        pick(flags, "plugin-store", env, "SYNAPSE_PLUGIN_STORE", null),
        parseLong(
            env.getOrDefault("SYNAPSE_RELEASE_MAX_BYTES", String.valueOf(512L << 20)),
            "SYNAPSE_RELEASE_MAX_BYTES"),
        parseInt(
            env.getOrDefault("SYNAPSE_RELEASE_MAX_ENTRIES", "20000"),
            "SYNAPSE_RELEASE_MAX_ENTRIES"),
        RayCluster.of(
            env.get("RAY_ADDRESS"),
            env.get("SYNAPSE_RAY_DASHBOARD"),
            env.get("SYNAPSE_RAY_NODE_IP"),
            RayToken.from(env),
            env.get("SYNAPSE_RAY_PYTHON"),
            parseRange(
                env.getOrDefault(
                    "SYNAPSE_RAY_PENDING_LIMIT_S",
                    String.valueOf(RayCluster.DEFAULT_PENDING_LIMIT_S)),
                "SYNAPSE_RAY_PENDING_LIMIT_S",
                1,
                86400)),
        words(env.get("SYNAPSE_PIP_OPTIONS")),
        parseRange(
            env.getOrDefault("SYNAPSE_AUDIT_RETENTION_DAYS", "90"),
            "SYNAPSE_AUDIT_RETENTION_DAYS",
            1,
            36500),
        TransportLimits.from(env, workers),
        expiry(env.getOrDefault("SYNAPSE_SESSION_EXPIRE_MINUTES", "1440")),
        EnvSettings.from(env),
        dev.synapse.mcp.web.WebSettings.from(env));
  }

  private static List<String> words(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return List.of(text.trim().split("\\s+"));
  }

  private static int parseRange(String text, String what, int min, int max) {
    int v = parseInt(text, what);
    if (v < min || v > max) {
      throw new InvalidInputException(what + " must be " + min + "-" + max + "; got " + text);
    }
    return v;
  }

  /** Sessions idle longer than this are closed with reason expired; 0 turns that off. */
  private static java.time.Duration expiry(String minutes) {
    long m = parseLong(minutes, "SYNAPSE_SESSION_EXPIRE_MINUTES");
    if (m < 0 || m > 525_600) {
      throw new InvalidInputException(
          "SYNAPSE_SESSION_EXPIRE_MINUTES must be 0-525600 (0: never); got " + minutes);
    }
    return java.time.Duration.ofMinutes(m);
  }

  public static boolean isLoopback(String host) {
    return host.equals("127.0.0.1")
        || host.equals("localhost")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.startsWith("127.");
  }

  private static String defaultHome(Map<String, String> env) {
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".synapse")
        .toString();
  }

  private static String pick(
      Map<String, String> flags,
      String flag,
      Map<String, String> env,
      String var,
      String fallback) {
    String v = flags.get(flag);
    if (v == null || v.isBlank()) {
      v = env.get(var);
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  private static int parsePort(String text) {
    int port = parseInt(text, "port");
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port must be 0-65535; got " + text);
    }
    return port;
  }

  private static int parseInt(String text, String what) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(what + " must be a number; got '" + text + "'");
    }
  }

  private static int positive(String text, String what) {
    int n = parseInt(text, what);
    if (n < 1) {
      throw new InvalidInputException(what + " must be at least 1; got " + n);
    }
    return n;
  }

  private static long parseLong(String text, String what) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(what + " must be a number; got '" + text + "'");
    }
  }

  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  private static List<Path> paths(String text) {
    List<Path> out = new ArrayList<>();
    for (String p : text.split(java.io.File.pathSeparator)) {
      if (!p.isBlank()) {
        out.add(absolute(p.trim()));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> csv(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
