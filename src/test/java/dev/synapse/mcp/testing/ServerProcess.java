package dev.synapse.mcp.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server and the CLI as separate OS processes (a JVM on the test classpath), for what only a
 * real process shows: kill -9, SIGTERM, restarts. Closing it kills what it started and checks
 * nothing is left running.
 */
public final class ServerProcess implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> env;
  private final List<Process> started = new ArrayList<>();

  public ServerProcess(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  /** Runs a CLI command to completion; returns its stdout, failing on a non-zero exit. */
  public String cli(String... args) throws Exception {
    Process p = java(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    if (p.waitFor() != 0) {
      throw new AssertionError("cli " + String.join(" ", args) + " exited " + p.exitValue());
    }
    return out;
  }

  /**
   * Starts {@code serve} on a free port (plus extra args) and waits until it has written its port.
   */
  public Process serve(String... extra) throws Exception {
    Files.deleteIfExists(dir.resolve("port"));
    List<String> args =
        new ArrayList<>(
            List.of("serve", "--port", "0", "--port-file", dir.resolve("port").toString()));
    args.addAll(List.of(extra));
    Process p =
        java(args.toArray(String[]::new))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    started.add(p);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("port")));
    return p;
  }

  public String url() throws Exception {
    return "http://127.0.0.1:" + Files.readString(dir.resolve("port")).trim();
  }

  /** The server's output once it holds {@code text} (stdout is written after the port file). */
  public String awaitLog(String text) throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> log().contains(text));
    return log();
  }

  public String log() throws Exception {
    return Files.readString(dir.resolve("server.log"));
  }

  /** kill -9: no shutdown hook runs. */
  public static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private ProcessBuilder java(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx128m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.synapse.mcp.cli.Main");
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(env);
    return pb;
  }

  /**
   * Kills the server processes still running, then checks that nothing they started (warm runners,
   * Ray drivers, any descendant) nor anything else naming this test's folder outlives them.
   */
  @Override
  public void close() throws Exception {
    List<ProcessHandle> watched = new ArrayList<>();
    for (Process p : started) {
      p.descendants().forEach(watched::add);
      watched.add(p.toHandle());
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    ProcessHandle.allProcesses().filter(this::namesDir).forEach(watched::add);
    List<String> left = new ArrayList<>();
    for (ProcessHandle h : watched) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        left.add(h.pid() + " " + h.info().commandLine().orElse("?"));
        h.destroyForcibly();
      }
    }
    if (!left.isEmpty()) {
      throw new AssertionError("processes left running: " + left);
    }
  }

  private boolean namesDir(ProcessHandle h) {
    return h.pid() != ProcessHandle.current().pid()
        && h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false);
  }
}
