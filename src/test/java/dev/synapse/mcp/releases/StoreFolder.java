package dev.synapse.mcp.releases;

import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A plugin store folder that tests fill: real packed releases of the example plugins, or bad zips.
 */
final class StoreFolder {
  final Path root = TempDirs.create("plugin-store");

  /** Packs a copy of examples/plugins/hello whose config.yaml says {@code version}. */
  ReleasePacker.Packed publishHello(String version) throws IOException {
    Path src = helloCopy(version);
    try {
      return ReleasePacker.packInto(src, root);
    } finally {
      TempDirs.delete(src.getParent());
    }
  }

  /** Where the store keeps {@code code@version}'s archive. */
  Path zip(String code, String version) {
    return root.resolve(code).resolve(version + ".zip");
  }

  /** A hello config.yaml for {@code version} plus the given extra entries, written raw. */
  Path writeZip(String version, Map<String, byte[]> extra) throws IOException {
    Path zip = zip("hello", version);
    Files.createDirectories(zip.getParent());
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zos = new ZipOutputStream(out)) {
      put(zos, "config.yaml", helloConfig(version).getBytes(StandardCharsets.UTF_8));
      for (var e : extra.entrySet()) {
        put(zos, e.getKey(), e.getValue());
      }
    }
    return zip;
  }

  /**
   * Marks entry {@code name} of {@code zip} as a Unix symlink, as {@code zip -y} writes one: host
   * byte 3 (Unix) and mode 0120777 in the external attributes of its central-directory record.
   */
  static void markSymlink(Path zip, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 1 && bytes[i + 3] == 2) {
        int nameLen = (bytes[i + 28] & 0xff) | (bytes[i + 29] & 0xff) << 8;
        String entry = new String(bytes, i + 46, nameLen, StandardCharsets.UTF_8);
        if (entry.equals(new String(wanted, StandardCharsets.UTF_8))) {
          bytes[i + 5] = 3;
          int mode = 0120777 << 16;
          for (int k = 0; k < 4; k++) {
            bytes[i + 38 + k] = (byte) (mode >>> (8 * k));
          }
          Files.write(zip, bytes);
          return;
        }
      }
    }
    throw new IllegalArgumentException(name + " not in " + zip);
  }

  void delete() {
    TempDirs.delete(root);
  }

  static String helloConfig(String version) throws IOException {
    String text = Files.readString(TestHome.examples().resolve("hello/config.yaml"));
    return text.replace("version: 0.1.0", "version: " + version);
  }

  private static Path helloCopy(String version) throws IOException {
    Path dir = TempDirs.create("hello-src").resolve("hello");
    Path from = TestHome.examples().resolve("hello");
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path to = dir.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else if (!p.toString().contains("__pycache__")) {
          Files.copy(p, to);
        }
      }
    }
    Files.writeString(dir.resolve("config.yaml"), helloConfig(version));
    return dir;
  }

  private static void put(ZipOutputStream zos, String name, byte[] data) throws IOException {
    zos.putNextEntry(new ZipEntry(name));
    zos.write(data);
    zos.closeEntry();
  }
}
