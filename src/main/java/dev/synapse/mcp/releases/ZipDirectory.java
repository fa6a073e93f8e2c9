package dev.synapse.mcp.releases;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a zip's central directory for what {@code java.util.zip} hides: whether an entry is a Unix
 * symlink (mode bits in the external attributes). Archives with a symlink are refused whole.
 */
final class ZipDirectory {
  private static final int END = 0x06054b50;
  private static final int ENTRY = 0x02014b50;
  private static final int S_IFMT = 0170000;
  private static final int S_IFLNK = 0120000;

  private ZipDirectory() {}

  /** Entry name → true when it is a symlink. Throws BadArchive for anything it cannot read. */
  static Map<String, Boolean> symlinks(Path zip) throws IOException {
    try (FileChannel ch = FileChannel.open(zip)) {
      long size = ch.size();
      int tail = (int) Math.min(size, 22 + 65535);
      ByteBuffer end = read(ch, size - tail, tail);
      int at = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (end.getInt(i) == END) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        throw new BadArchive("not a zip archive (no central directory)");
      }
      int count = Short.toUnsignedInt(end.getShort(at + 10));
      long dirSize = Integer.toUnsignedLong(end.getInt(at + 12));
      long dirOffset = Integer.toUnsignedLong(end.getInt(at + 16));
      if (count == 0xFFFF || dirSize == 0xFFFFFFFFL || dirOffset == 0xFFFFFFFFL) {
        throw new BadArchive("ZIP64 archives are not supported (too many entries or too large)");
      }
      if (dirOffset + dirSize > size || dirSize > Integer.MAX_VALUE) {
        throw new BadArchive("the central directory lies outside the file (truncated archive)");
      }
      ByteBuffer dir = read(ch, dirOffset, (int) dirSize);
      Map<String, Boolean> out = new LinkedHashMap<>();
      int p = 0;
      for (int i = 0; i < count; i++) {
        if (p + 46 > dir.limit() || dir.getInt(p) != ENTRY) {
          throw new BadArchive("the central directory is corrupt");
        }
        int madeBy = Short.toUnsignedInt(dir.getShort(p + 4)) >> 8;
        int nameLen = Short.toUnsignedInt(dir.getShort(p + 28));
        int extraLen = Short.toUnsignedInt(dir.getShort(p + 30));
        int commentLen = Short.toUnsignedInt(dir.getShort(p + 32));
        int mode = dir.getInt(p + 38) >>> 16;
        if (p + 46 + nameLen > dir.limit()) {
          throw new BadArchive("the central directory is corrupt");
        }
        byte[] name = new byte[nameLen];
        dir.get(p + 46, name);
        // host 3 is Unix; other hosts have no symlink bit to set
        boolean link = madeBy == 3 && (mode & S_IFMT) == S_IFLNK;
        if (out.put(new String(name, StandardCharsets.UTF_8), link) != null) {
          throw new BadArchive(
              "entry '" + new String(name, StandardCharsets.UTF_8) + "' appears twice");
        }
        p += 46 + nameLen + extraLen + commentLen;
      }
      return out;
    }
  }

  private static ByteBuffer read(FileChannel ch, long from, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, from + buf.position()) < 0) {
        throw new BadArchive("unexpected end of archive");
      }
    }
    return buf.flip();
  }

  /** The archive is malformed or unsafe; the message says how. */
  static final class BadArchive extends IOException {
    BadArchive(String message) {
      super(message);
    }
  }
}
