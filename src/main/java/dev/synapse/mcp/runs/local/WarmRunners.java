package dev.synapse.mcp.runs.local;

import dev.synapse.mcp.plugins.RunnerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One idle runner per interpreter, started ahead of the next local run so that run does not wait
 * for Python to start and import the runner (about two thirds of a small run's time). Each process
 * serves one run and exits, so runs stay as isolated as before; the next one is started in the
 * background. An idle runner whose server dies reads EOF and exits.
 */
final class WarmRunners implements AutoCloseable {
  private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));
  private final RunnerCommand runner;
  private final Path workDir;
  private final ExecutorService threads;
  private final Map<Path, Process> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  WarmRunners(RunnerCommand runner, Path workDir, ExecutorService threads) {
    this.runner = runner;
    this.workDir = workDir;
    this.threads = threads;
  }

  static boolean ownGroup() {
    return SETSID;
  }

  /** A started runner waiting for its request: the idle one if there is one, else a fresh one. */
  Process take(Path python) throws IOException {
    Process p = idle.remove(python);
    if (p == null || !p.isAlive()) {
      p = start(python);
    }
    if (!closed) {
      threads.execute(() -> refill(python));
    }
    return p;
  }

  private void refill(Path python) {
    try {
      Process p = start(python);
      if (closed || idle.putIfAbsent(python, p) != null) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // no warm runner this time: the next run starts its own
    }
  }

  private Process start(Path python) throws IOException {
    ProcessBuilder pb = runner.waiting(python, workDir);
    if (SETSID) {
      List<String> cmd = new ArrayList<>(pb.command());
      cmd.add(0, "/usr/bin/setsid");
      pb.command(cmd);
    }
    return pb.start();
  }

  @Override
  public void close() {
    closed = true;
    idle.values().forEach(Process::destroyForcibly);
    idle.clear();
  }
}
