package dev.synapse.mcp.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up: runs an earlier server left unfinished. Job runs whose executor can follow them
 * again (Ray jobs live on in the cluster) are re-attached; local runs that another live process (a
 * CLI) still owns are left alone; the others are lost, and their leftover processes stopped.
 */
final class RunRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);

  private final RunStore store;
  private final RunRecorder recorder;
  private final Map<ExecutionMode, RunExecutor> executors;
  private final Path runsDir;

  RunRecovery(
      RunStore store,
      RunRecorder recorder,
      Map<ExecutionMode, RunExecutor> executors,
      Path runsDir) {
    this.store = store;
    this.recorder = recorder;
    this.executors = executors;
    this.runsDir = runsDir;
  }

  /** Returns how many runs were marked lost. */
  int recover() {
    long self = ProcessHandle.current().pid();
    int lost = 0;
    for (ExecutionMode mode : ExecutionMode.values()) {
      for (Run r : unfinished(mode)) {
        RunExecutor executor = executors.get(mode);
        if (executor != null && mode == ExecutionMode.JOB) {
          LiveRun live = recorder.track(r.id(), runsDir.resolve(r.id()));
          if (executor.resume(r, live, recorder.callbacks(r.id(), live))) {
            LOG.info("run {} re-attached to its Ray job", r.id());
            continue;
          }
          recorder.forget(r.id());
        }
        if (mode == ExecutionMode.LOCAL && ownedByAnotherLiveProcess(r, self)) {
          continue;
        }
        markLost(r);
        lost++;
      }
    }
    return lost;
  }

  private List<Run> unfinished(ExecutionMode mode) {
    return store.list(
        new RunQuery(
            null,
            null,
            List.of(RunStatus.QUEUED, RunStatus.PREPARING, RunStatus.RUNNING),
            null,
            List.of(mode),
            10_000));
  }

  private static boolean ownedByAnotherLiveProcess(Run r, long self) {
    long owner = r.handle() == null ? -1 : r.handle().path("owner_pid").asLong(-1);
    return owner > 0
        && owner != self
        && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
  }

  private void markLost(Run r) {
    String pid = r.handle() == null ? null : r.handle().path("pid").asText(null);
    if (pid != null && r.mode() == ExecutionMode.LOCAL) {
      ProcessHandle.of(Long.parseLong(pid))
          .filter(h -> h.info().commandLine().orElse("").contains("synapse_runner"))
          .ifPresent(
              h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
              });
    }
    String reason =
        "the server stopped while this run was "
            + r.status().wire()
            + (pid == null ? "" : " (pid " + pid + ")")
            + "; its outcome is unknown";
    recorder.lost(r.id(), reason);
    LOG.warn("run {} marked lost: {}", r.id(), reason);
  }
}
