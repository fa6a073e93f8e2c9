package dev.synapse.mcp.runs.job;

import dev.synapse.mcp.plugins.Plugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A job's {@code working_dir}: the plugin folder's files, the runner package and the parsed
 * manifest, zipped without a top folder and named after a hash of the content, so an unchanged
 * plugin is uploaded once.
 */
record JobPackage(String name, byte[] zip) {
  static final String MANIFEST = "_synapse_manifest.json";
  private static final Set<String> SKIPPED =
      Set.of(".git", ".venv", "venv", "__pycache__", "node_modules", ".synapse", ".pytest_cache");
  private static final long MAX_BYTES = 100L << 20;

  String uri() {
    return "gcs://" + name;
  }

  static JobPackage build(Plugin plugin, Path runnerDir, byte[] manifestJson) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    collect(plugin.dir(), "", files);
    collect(runnerDir.resolve("synapse_runner"), "synapse_runner/", files);
    files.remove(MANIFEST);
    try {
      var md = MessageDigest.getInstance("SHA-256");
      var bytes = new ByteArrayOutputStream();
      long total = 0;
      try (var zip = new ZipOutputStream(bytes)) {
        for (var e : files.entrySet()) {
          byte[] content = Files.readAllBytes(e.getValue());
          total += content.length;
          if (total > MAX_BYTES) {
            throw new IOException(
                "the plugin folder is larger than 100 MiB; too big for a Ray job working_dir");
          }
          add(zip, md, e.getKey(), content);
        }
        add(zip, md, MANIFEST, manifestJson);
      }
      String hash = HexFormat.of().formatHex(md.digest()).substring(0, 32);
      return new JobPackage("_ray_pkg_" + hash + ".zip", bytes.toByteArray());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void add(ZipOutputStream zip, MessageDigest md, String name, byte[] content)
      throws IOException {
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(content);
    var entry = new ZipEntry(name);
    entry.setTime(0);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static void collect(Path root, String prefix, Map<String, Path> out) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path rel = root.relativize(p);
        boolean skipped = false;
        for (Path part : rel) {
          if (SKIPPED.contains(part.toString())) {
            skipped = true;
          }
        }
        if (!skipped && Files.isRegularFile(p) && !p.toString().endsWith(".pyc")) {
          out.put(prefix + rel.toString().replace('\\', '/'), p);
        }
      }
    }
  }
}
