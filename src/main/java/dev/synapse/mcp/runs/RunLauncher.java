package dev.synapse.mcp.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes admitted runs: writes the run's files, registers it live and hands it to its executor;
 * stops live runs on cancel and at shutdown.
 */
final class RunLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);

  private final RunRecorder recorder;

  RunLauncher(RunRecorder recorder) {
    this.recorder = recorder;
  }

  /** Starts an admitted, stored run; returns at once. */
  void launch(RunAdmission.Admitted run) {
    RunJob job = run.job();
    String id = job.runId();
    try {
      Files.createDirectories(job.paramsFile().getParent());
      Files.writeString(job.paramsFile(), run.params());
    } catch (IOException e) {
      recorder.finish(
          id, new RunOutcome.Failed("cannot write the run's files: " + e.getMessage()), null);
      return;
    }
    LiveRun live = recorder.track(id, job.paramsFile().getParent());
    run.executor().start(job, live, recorder.callbacks(id, live));
  }

  /** Asks a live run to stop and waits up to 15 s for it to end. */
  void stop(LiveRun live, String reason) {
    live.cancel(reason);
    try {
      live.done.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("run {} did not stop within 15 s of cancel", live.id);
    }
  }

  /**
   * On shutdown: stops the runs that cannot outlive the server; Ray jobs go on and the next server
   * re-attaches them.
   */
  void shutdown() {
    for (LiveRun live : recorder.live()) {
      if (!live.detached()) {
        live.cancel("the server shut down while the run was running");
      }
    }
  }
}
