package dev.synapse.mcp.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller that starts waiting after a fast run has already spoken still hears every line. */
class LiveRunTest {
  @TempDir Path dir;

  private static String text(RunEvent e) {
    if (e instanceof RunEvent.Log l) {
      return l.level() + ":" + l.message();
    }
    if (e instanceof RunEvent.Setup s) {
      return "setup:" + s.message();
    }
    return e.getClass().getSimpleName();
  }

  @Test
  void aLateWaiterFromTheStartGetsEarlierLinesThenLiveOnesInOrderOnce() throws Exception {
    LiveRun live = new LiveRun("r1", new RunLogs(dir));
    live.emit(new RunEvent.Setup("environment", "resolving"));
    live.emit(new RunEvent.Log("info", "first"));
    List<String> late = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    try (AutoCloseable a = live.subscribeFromStart(e -> late.add(text(e)));
        AutoCloseable b = live.subscribe(e -> plain.add(text(e)))) {
      live.emit(new RunEvent.Log("warning", "second"));
    }
    live.emit(new RunEvent.Log("error", "after both left"));
    assertEquals(List.of("setup:resolving", "info:first", "warning:second"), late);
    assertEquals(List.of("warning:second"), plain, "a plain subscriber gets no replay");
  }

  @Test
  void theReplayKeepsOnlyTheNewestLines() throws Exception {
    LiveRun live = new LiveRun("r2", new RunLogs(dir));
    for (int i = 0; i < LiveRun.REPLAY_LIMIT + 5; i++) {
      live.emit(new RunEvent.Log("info", "line " + i));
    }
    List<String> late = new ArrayList<>();
    try (AutoCloseable a = live.subscribeFromStart(e -> late.add(text(e)))) {
      assertEquals(LiveRun.REPLAY_LIMIT, late.size());
      assertEquals("info:line 5", late.get(0));
    }
  }
}
