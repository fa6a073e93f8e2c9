package dev.synapse.mcp.releases;

import dev.synapse.mcp.releases.ZipDirectory.BadArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a release archive into an empty folder, refusing the whole archive when any entry would
 * land outside it ({@code ..}, absolute paths, backslashes), is a symlink, or when the entries or
 * their real (not declared) sizes exceed the caps.
 */
final class ReleaseArchive {
  private ReleaseArchive() {}

  /** Files and bytes written. */
  record Unpacked(int files, long bytes) {}

  static Unpacked unpack(Path zip, Path dest, ArchiveLimits limits) throws IOException {
    Map<String, Boolean> links = ZipDirectory.symlinks(zip);
    if (links.size() > limits.maxEntries()) {
      throw new BadArchive(
          "it has "
              + links.size()
              + " entries, more than the cap of "
              + limits.maxEntries()
              + " (SYNAPSE_RELEASE_MAX_ENTRIES)");
    }
    for (var e : links.entrySet()) {
      check(e.getKey());
      if (e.getValue()) {
        throw new BadArchive("entry '" + e.getKey() + "' is a symlink");
      }
    }
    Path root = dest.toAbsolutePath().normalize();
    int files = 0;
    long total = 0;
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : Collections.list(zf.entries())) {
        if (!links.containsKey(entry.getName())) {
          throw new BadArchive("entry '" + entry.getName() + "' is not in the central directory");
        }
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root) || target.equals(root) && !entry.isDirectory()) {
          throw new BadArchive("entry '" + entry.getName() + "' points outside the release folder");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zf.getInputStream(entry);
            OutputStream out = Files.newOutputStream(target)) {
          byte[] buf = new byte[64 * 1024];
          int n;
          while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limits.maxBytes()) {
              throw new BadArchive(
                  "it unpacks to more than the cap of "
                      + limits.maxBytes()
                      + " bytes (SYNAPSE_RELEASE_MAX_BYTES)");
            }
            out.write(buf, 0, n);
          }
        }
        files++;
      }
    } catch (ZipException e) {
      throw new BadArchive("it is not a valid zip archive: " + e.getMessage());
    }
    return new Unpacked(files, total);
  }

  private static void check(String name) throws BadArchive {
    if (name.isEmpty()
        || name.indexOf('\0') >= 0
        || name.indexOf('\\') >= 0
        || name.startsWith("/")
        || name.matches("^[A-Za-z]:.*")) {
      throw new BadArchive("entry '" + name + "' has an absolute or unsafe path");
    }
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new BadArchive("entry '" + name + "' climbs out of the release folder with '..'");
      }
    }
  }
}
