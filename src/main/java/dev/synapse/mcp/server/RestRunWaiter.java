package dev.synapse.mcp.server;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.releases.ReleaseRun;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunService;
import dev.synapse.mcp.runs.RunStatus;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a REST run the way the v1 agent did: it waits for the run and returns the action's result
 * as the body; a failed run is a 400 {@code {detail}}; a job-mode run returns its ids at once. By
 * default it waits {@link #DEFAULT_WAIT}, under the SDK AgentClient's 10 s read timeout, then
 * answers 202 with the run id; a caller that asks ({@code ?wait_s=N}) waits up to the cap. The run
 * id travels in {@code X-Synapse-Run-Id}, a mode note in {@code X-Synapse-Note}.
 *
 * <p>The wait holds no HTTP worker: the request goes asynchronous and is answered from {@code
 * timer} when the run ends or the wait is over, so many waiting clients cannot starve other calls.
 */
final class RestRunWaiter {
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(8);
  private static final Logger LOG = LoggerFactory.getLogger(RestRunWaiter.class);

  /** How often a run this server does not drive (nothing to subscribe to) is looked at. */
  private static final long POLL_MS = 250;

  private final RunService runs;
  private final JsonResponses responses;
  private final Duration cap;
  private final ScheduledExecutorService timer;

  RestRunWaiter(
      RunService runs, JsonResponses responses, Duration cap, ScheduledExecutorService timer) {
    this.runs = runs;
    this.responses = responses;
    this.cap = cap;
    this.timer = timer;
  }

  /** Refuses at once (429) when the agent's long calls are at the cap, before a run starts. */
  void admit(Agent agent) {
    runs.admitWait(agent, null);
  }

  /**
   * Answers now when there is nothing to wait for, else later without holding this thread; an
   * answer written later is passed to {@code answered} (its status), before the request completes.
   */
  void answer(
      Agent agent,
      ReleaseRun started,
      Integer waitS,
      HttpServletRequest req,
      HttpServletResponse res,
      IntConsumer answered)
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
    if (run.status().terminal() || limit.isZero()) {
      write(run, limit, res);
      return;
    }
    AsyncContext ctx = req.startAsync();
    ctx.setTimeout(0); // answered by the wait itself, never by the container
    new Wait(agent, run.id(), limit, System.nanoTime() + limit.toNanos(), ctx, res, answered)
        .schedule(0);
  }

  /** One asynchronous wait: looks at the run when it ends, when its time is up, or on a poll. */
  private final class Wait {
    private final Agent agent;
    private final String runId;
    private final Duration limit;
    private final long deadline;
    private final AsyncContext ctx;
    private final HttpServletResponse res;
    private final IntConsumer answered;
    private boolean done;

    Wait(
        Agent agent,
        String runId,
        Duration limit,
        long deadline,
        AsyncContext ctx,
        HttpServletResponse res,
        IntConsumer answered) {
      this.agent = agent;
      this.runId = runId;
      this.limit = limit;
      this.deadline = deadline;
      this.ctx = ctx;
      this.res = res;
      this.answered = answered;
    }

    void schedule(long delayNanos) {
      try {
        timer.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException stopping) {
        finish(null);
      }
    }

    private synchronized void check() {
      if (done) {
        return;
      }
      Run run;
      try {
        run = runs.get(agent, runId);
      } catch (RuntimeException e) {
        finish(null);
        return;
      }
      long left = deadline - System.nanoTime();
      if (run.status().terminal() || left <= 0) {
        finish(run);
        return;
      }
      var ended = runs.ended(agent, runId);
      if (ended.isDone()) {
        schedule(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
        return;
      }
      ScheduledFuture<?> timeUp = timer.schedule(this::check, left, TimeUnit.NANOSECONDS);
      ended.thenRunAsync(
          () -> {
            if (timeUp.cancel(false)) {
              check();
            }
          },
          timer);
    }

    /** Writes the answer ({@code run} null: the server failed to look at the run) and completes. */
    private void finish(Run run) {
      done = true;
      int status = 500;
      try {
        if (run == null) {
          String ref = UUID.randomUUID().toString().substring(0, 8);
          LOG.error("waiting for run {} failed (ref {})", runId, ref);
          responses.write(
              res,
              500,
              Map.of("detail", "internal error (ref " + ref + "); the server log has the details"));
        } else {
          status = write(run, limit, res);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("answering the REST wait for {}: {}", runId, e.toString());
      } finally {
        try {
          answered.accept(status);
        } finally {
          ctx.complete();
        }
      }
    }
  }

  private int write(Run run, Duration limit, HttpServletResponse res) throws IOException {
    if (run.status() == RunStatus.SUCCEEDED) {
      responses.write(res, 200, run.result());
      return 200;
    }
    if (run.status().terminal()) {
      responses.write(res, 400, problem(run, run.error() != null ? run.error() : run.message()));
      return 400;
    }
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
    return 202;
  }

  private static Map<String, Object> problem(Run run, String detail) {
    var body = new LinkedHashMap<String, Object>();
    body.put("detail", detail);
    body.put("run_id", run.id());
    body.put("status", run.status().wire());
    return body;
  }
}
