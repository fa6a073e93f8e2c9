package dev.synapse.mcp.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the tests: {@code initdb} and {@code pg_ctl} from the Debian package
 * in a temporary folder, on a private port, listening on 127.0.0.1 only, started once per test JVM
 * and stopped when it exits. Each caller gets its own fresh database ({@link #newDatabase()}).
 *
 * <p>{@code initdb} refuses to run as root, so under root the server runs as the {@code postgres}
 * user (via {@code runuser}); otherwise as the current user.
 */
public final class PgTestServer {
  private static PgTestServer shared;

  private final Path dir;
  private final int port;
  private final Path bin;
  private final boolean asPostgres;

  private PgTestServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** The one server of this test JVM, started on first use. */
  public static synchronized PgTestServer shared() {
    if (shared == null) {
      shared = start();
      PgTestServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "pg-test-server-stop"));
    }
    return shared;
  }

  /** The newest PostgreSQL server binaries installed, or null. */
  public static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (var versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max((a, b) -> Integer.compare(major(a), major(b)))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().split("\\.")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static PgTestServer start() {
    Path bin = binaries();
    if (bin == null) {
      throw new IllegalStateException(
          "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/setup)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("synapse-pg-");
      Path data = dir.resolve("data");
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false, 30);
      }
      int port = freePort();
      var server = new PgTestServer(bin, dir, port, root);
      server.pg(
          List.of(
              "initdb",
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-sync",
              "--locale=C.UTF-8"),
          120);
      String opts =
          "-p "
              + port
              + " -k "
              + dir
              + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
              + " -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB";
      server.pg(
          List.of(
              "pg_ctl",
              "-D",
              data.toString(),
              "-o",
              opts,
              "-l",
              dir.resolve("log").toString(),
              "-w",
              "-t",
              "60",
              "start"),
          90);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  /** Creates a new, empty database and returns its JDBC URL (user postgres, no password). */
  public String newDatabase() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /** The JDBC URL of a database on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** The same database as a {@code postgresql://} URL, as a user would write it in SYNAPSE_DB. */
  public String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  /** Stops the server (fast shutdown) and removes its folder. */
  public synchronized void stop() {
    try {
      pg(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), 60);
    } catch (RuntimeException e) {
      System.err.println("pg-test-server: stop failed: " + e.getMessage());
    }
    TempDirs.delete(dir);
  }

  private void pg(List<String> command, int timeoutS) {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.add(bin.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    run(full, true, timeoutS);
  }

  private static void run(List<String> command, boolean quiet, int timeoutS) {
    try {
      var pb = new ProcessBuilder(command).redirectErrorStream(true);
      Path out = Files.createTempFile("pg-test-cmd", ".log");
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " did not finish in " + timeoutS + " s");
      }
      String text = Files.readString(out);
      Files.deleteIfExists(out);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + text.strip());
      }
      if (!quiet) {
        System.err.print(text);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
