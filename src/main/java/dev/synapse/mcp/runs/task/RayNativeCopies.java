package dev.synapse.mcp.runs.task;

import java.io.File;

/**
 * Ray copies its 32 MB JNI library into {@code /tmp/ray/<millis>/} on every driver start and never
 * deletes it. Once loaded the file is not needed (the mapping stays), so the driver deletes its own
 * copy after start-up and the server deletes what a driver that failed to start left behind.
 */
final class RayNativeCopies {
  static final File ROOT = new File("/tmp/ray");

  private RayNativeCopies() {}

  /** Deletes the copies made between {@code fromMs} and {@code toMs}; returns how many. */
  static int remove(long fromMs, long toMs) {
    File[] dirs = ROOT.listFiles();
    int removed = 0;
    if (dirs == null) {
      return 0;
    }
    for (File d : dirs) {
      if (!d.isDirectory() || !d.getName().matches("\\d{13}")) {
        continue;
      }
      long stamp = Long.parseLong(d.getName());
      File[] files = d.listFiles();
      if (stamp < fromMs || stamp > toMs || files == null || !onlyRayFiles(files)) {
        continue;
      }
      for (File f : files) {
        f.delete();
      }
      if (d.delete()) {
        removed++;
      }
    }
    return removed;
  }

  private static boolean onlyRayFiles(File[] files) {
    for (File f : files) {
      String n = f.getName();
      if (!n.equals("file_lock") && !n.startsWith("libcore_worker_library_java")) {
        return false;
      }
    }
    return true;
  }
}
