package dev.synapse.mcp.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code synapse_runner} Python package, shipped inside the jar under {@code runner/} and
 * unpacked once per content hash into {@code $SYNAPSE_HOME/runner/<hash>/}, whose path goes on the
 * child's PYTHONPATH.
 */
public final class RunnerHome {
  private static final String PREFIX = "runner/synapse_runner/";
  private final Path dir;

  private RunnerHome(Path dir) {
    this.dir = dir;
  }

  public static RunnerHome unpack(Path home) {
    try {
      Map<String, byte[]> files = read();
      var digest = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (name, bytes) -> {
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(bytes);
          });
      String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      Path target = home.resolve("runner").resolve(hash);
      if (!Files.isDirectory(target.resolve("synapse_runner"))) {
        Path tmp =
            Files.createDirectories(home.resolve("runner"))
                .resolve(hash + ".tmp-" + ProcessHandle.current().pid());
        for (var e : files.entrySet()) {
          Path f = tmp.resolve("synapse_runner").resolve(e.getKey());
          Files.createDirectories(f.getParent());
          Files.write(f, e.getValue());
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          if (!Files.isDirectory(target.resolve("synapse_runner"))) {
            throw raced;
          }
        }
      }
      return new RunnerHome(target);
    } catch (IOException | URISyntaxException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot unpack the plugin runner: " + e.getMessage(), e);
    }
  }

  /** The folder to put on PYTHONPATH. */
  public Path pythonPath() {
    return dir;
  }

  private static Map<String, byte[]> read() throws IOException, URISyntaxException {
    URL marker = RunnerHome.class.getClassLoader().getResource(PREFIX + "__init__.py");
    if (marker == null) {
      throw new IOException("runner resources missing from the jar");
    }
    Map<String, byte[]> out = new TreeMap<>();
    if ("jar".equals(marker.getProtocol())) {
      try (FileSystem fs = FileSystems.newFileSystem(marker.toURI(), Map.of())) {
        collect(fs.getPath("/" + PREFIX), out);
      } catch (java.nio.file.FileSystemAlreadyExistsException e) {
        collect(FileSystems.getFileSystem(marker.toURI()).getPath("/" + PREFIX), out);
      }
    } else {
      collect(Path.of(marker.toURI()).getParent(), out);
    }
    return out;
  }

  private static void collect(Path base, Map<String, byte[]> out) throws IOException {
    try (Stream<Path> walk = Files.walk(base)) {
      List<Path> files =
          walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".py")).toList();
      for (Path p : files) {
        try (InputStream in = Files.newInputStream(p)) {
          out.put(base.relativize(p).toString().replace('\\', '/'), in.readAllBytes());
        }
      }
    }
  }
}
