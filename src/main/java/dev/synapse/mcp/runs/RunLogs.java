package dev.synapse.mcp.runs;

import dev.synapse.mcp.errors.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's logs on disk: {@code setup.log} (environment install) apart from {@code action.log} (the
 * action's own output), each capped in size; read back by tail, by line offset and by pattern,
 * capped per call.
 */
public final class RunLogs {
  public static final List<String> STREAMS = List.of("action", "setup");
  static final long MAX_BYTES = 8L << 20;
  static final int MAX_CHARS_PER_CALL = 20_000;
  public static final int MAX_GREP = 1000;
  private final Path dir;

  RunLogs(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Appends one line; past the cap, writes a single truncation notice and then drops lines. */
  public synchronized void append(String stream, String line) {
    Path file = dir.resolve(stream + ".log");
    try {
      Files.createDirectories(dir);
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (size > MAX_BYTES) {
        return;
      }
      String text = size + line.length() > MAX_BYTES ? "[log truncated at 8 MiB]\n" : line + "\n";
      try (OutputStream out =
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // a full disk must not fail the run; the line is lost
    }
  }

  Map<String, Object> read(String stream, Integer tail, Integer since, String grep) {
    String s = stream == null ? "action" : stream;
    if (!STREAMS.contains(s)) {
      throw new InvalidInputException("stream must be action or setup; got '" + s + "'");
    }
    // a literal substring: linear in the log's size, whatever the caller sends
    String needle = grep == null || grep.isEmpty() ? null : grep;
    if (needle != null && needle.length() > MAX_GREP) {
      throw new InvalidInputException(
          "grep is " + needle.length() + " characters; at most " + MAX_GREP);
    }
    if (tail != null && tail < 1 || since != null && since < 0) {
      throw new InvalidInputException("tail must be at least 1 and since at least 0");
    }
    List<String> all = lines(s);
    int start = since == null ? 0 : Math.min(since, all.size());
    List<Integer> picked = new ArrayList<>();
    for (int i = start; i < all.size(); i++) {
      if (needle == null || all.get(i).contains(needle)) {
        picked.add(i);
      }
    }
    if (tail != null && picked.size() > tail) {
      picked = picked.subList(picked.size() - tail, picked.size());
    }
    List<String> out = new ArrayList<>();
    int chars = 0;
    int next = start;
    boolean truncated = false;
    for (int i : picked) {
      String line = all.get(i);
      if (chars + line.length() > MAX_CHARS_PER_CALL) {
        truncated = true;
        break;
      }
      out.add(line);
      chars += line.length() + 1;
      next = i + 1;
    }
    if (!truncated) {
      next = all.size();
    }
    var res = new LinkedHashMap<String, Object>();
    res.put("stream", s);
    res.put("lines", out);
    res.put("total_lines", all.size());
    res.put("next_since", next);
    res.put("truncated", truncated);
    return res;
  }

  private List<String> lines(String stream) {
    Path file = dir.resolve(stream + ".log");
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of("[log unreadable: " + e.getMessage() + "]");
    }
  }
}
