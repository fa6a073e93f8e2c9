package dev.synapse.mcp.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A failed build, kept as a small file beside the environments (so every server and CLI on the home
 * sees it): when, why, and the installer's last lines.
 */
record FailureRecord(long at, String error, List<String> lines, long retryAfterMs) {

  static void write(Path file, String error, List<String> lines) {
    List<String> out = new ArrayList<>();
    out.add(String.valueOf(System.currentTimeMillis()));
    out.add(error.replace('\n', ' '));
    out.addAll(lines);
    try {
      Files.write(file, out);
    } catch (IOException ignored) {
      // not remembered: the next run builds again, which is safe
    }
  }

  /** The record if it is younger than {@code ttlMs}, else null. */
  static FailureRecord read(Path file, long ttlMs) {
    try {
      List<String> all = Files.readAllLines(file);
      long at = Long.parseLong(all.get(0).strip());
      long left = at + ttlMs - System.currentTimeMillis();
      if (left <= 0) {
        return null;
      }
      return new FailureRecord(at, all.get(1), List.copyOf(all.subList(2, all.size())), left);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
