package dev.synapse.mcp.server;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.releases.ReleaseRun;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunService;
import dev.synapse.mcp.runs.RunStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a REST run the way the v1 agent did: it waits for the run and returns the action's result
 * as the body; a failed run is a 400 {@code {detail}}; a job-mode run returns its ids at once. By
 * default it waits {@link #DEFAULT_WAIT}, under the SDK AgentClient's 10 s read timeout, then
 * answers 202 with the run id; a caller that asks ({@code ?wait_s=N}) waits up to the cap. The run
 * id travels in {@code X-Synapse-Run-Id}, a mode note in {@code X-Synapse-Note}.
 */
final class RestRunWaiter {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(8);
  private final RunService runs;
  private final JsonResponses responses;
  private final Duration cap;

  RestRunWaiter(RunService runs, JsonResponses responses, Duration cap) {
    this.runs = runs;
    this.responses = responses;
    this.cap = cap;
  }

  /** Refuses at once (429) when the agent's long calls are at the cap, before a run starts. */
  void admit(Agent agent) {
    runs.admitWait(agent, null);
  }

  void answer(Agent agent, ReleaseRun started, Integer waitS, HttpServletResponse res)
      throws IOException {
    Duration limit = waitS == null ? DEFAULT_WAIT : Duration.ofSeconds(waitS);
    if (limit.compareTo(cap) > 0) {
      limit = cap;
    }
    Run run = started.run();
    res.setHeader("X-Synapse-Run-Id", run.id());
    if (started.note() != null) {
      res.setHeader("X-Synapse-Note", started.note());
    }
    if (run.mode() == ExecutionMode.JOB) {
      var body = new LinkedHashMap<String, Object>();
      body.put("job_id", run.jobId() != null ? run.jobId() : run.id());
      body.put("run_id", run.id());
      body.put("status", run.status().wire());
      body.put("handle", run.handle());
      responses.write(res, 200, body);
      return;
    }
    long deadline = System.nanoTime() + limit.toNanos();
    while (!run.status().terminal()) {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toSeconds();
      if (left <= 0) {
        break;
      }
      run = runs.await(agent, run.id(), (int) Math.min(RunService.MAX_WAIT_S, left), null);
    }
    if (run.status() == RunStatus.SUCCEEDED) {
      responses.write(res, 200, run.result());
    } else if (run.status().terminal()) {
      responses.write(res, 400, problem(run, run.error() != null ? run.error() : run.message()));
    } else {
      responses.write(
          res,
          202,
          problem(
              run,
              "still "
                  + run.status().wire()
                  + " after "
                  + limit.toSeconds()
                  + " s; follow it with the MCP tools wait_run or get_run, or call again with"
                  + " ?wait_s=N to wait longer"));
    }
  }

  private static Map<String, Object> problem(Run run, String detail) {
    var body = new LinkedHashMap<String, Object>();
    body.put("detail", detail);
    body.put("run_id", run.id());
    body.put("status", run.status().wire());
    return body;
  }
}
