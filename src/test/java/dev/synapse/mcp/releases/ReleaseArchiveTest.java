package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.TempDirs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checks a release archive passes before anything of it is used, one rule per test. */
class ReleaseArchiveTest {
  private static final ArchiveLimits ROOMY = new ArchiveLimits(1_000_000, 100);
  private Path dir;
  private int zips;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("archive-test");
  }

  @AfterEach
  void tearDown() {
    TempDirs.delete(dir);
  }

  private Path zip(Map<String, String> entries) throws IOException {
    Path zip = dir.resolve("a" + zips++ + ".zip");
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zos = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zos.putNextEntry(new ZipEntry(e.getKey()));
        if (e.getValue() != null) {
          zos.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        zos.closeEntry();
      }
    }
    return zip;
  }

  private String refused(Map<String, String> entries, ArchiveLimits limits) throws IOException {
    Path zip = zip(entries);
    Path dest = dir.resolve("out" + zips);
    var e = assertThrows(IOException.class, () -> ReleaseArchive.unpack(zip, dest, limits));
    assertTrue(
        !Files.exists(dest.resolve("evil")) && !Files.exists(dir.resolve("evil")),
        "nothing written outside");
    return e.getMessage();
  }

  @Test
  void aGoodArchiveUnpacksEveryFileAndCountsFilesAndBytes() throws Exception {
    var entries = new LinkedHashMap<String, String>();
    entries.put("plugin/", null);
    entries.put("plugin/a.py", "print(1)\n");
    entries.put("config.yaml", "code: x\n");
    Path dest = dir.resolve("out");
    var unpacked = ReleaseArchive.unpack(zip(entries), dest, ROOMY);
    assertEquals(2, unpacked.files());
    assertEquals(17, unpacked.bytes());
    assertEquals("print(1)\n", Files.readString(dest.resolve("plugin/a.py")));
    assertEquals("code: x\n", Files.readString(dest.resolve("config.yaml")));
  }

  @Test
  void unsafePathsAreRefusedWithTheirReason() throws Exception {
    assertTrue(refused(Map.of("../evil", "x"), ROOMY).contains("climbs out"));
    assertTrue(refused(Map.of("a/../../evil", "x"), ROOMY).contains("climbs out"));
    assertTrue(refused(Map.of("/tmp/evil", "x"), ROOMY).contains("absolute or unsafe"));
    assertTrue(refused(Map.of("a\\evil", "x"), ROOMY).contains("absolute or unsafe"));
    assertTrue(refused(Map.of("C:evil", "x"), ROOMY).contains("absolute or unsafe"));
  }

  @Test
  void aNameThatOnlyLooksLikeDotsIsFine() throws Exception {
    Path dest = dir.resolve("dots");
    var u = ReleaseArchive.unpack(zip(Map.of("a/..b/c.txt", "ok")), dest, ROOMY);
    assertEquals(1, u.files());
    assertEquals("ok", Files.readString(dest.resolve("a/..b/c.txt")));
  }

  @Test
  void theEntryCapIsInclusive() throws Exception {
    var two = new LinkedHashMap<String, String>();
    two.put("a.txt", "a");
    two.put("b.txt", "b");
    assertEquals(
        2, ReleaseArchive.unpack(zip(two), dir.resolve("ok"), new ArchiveLimits(100, 2)).files());
    String msg = refused(two, new ArchiveLimits(100, 1));
    assertEquals("it has 2 entries, more than the cap of 1 (SYNAPSE_RELEASE_MAX_ENTRIES)", msg);
  }

  @Test
  void theByteCapIsInclusive() throws Exception {
    String ten = "0123456789";
    assertEquals(
        10,
        ReleaseArchive.unpack(
                zip(Map.of("t.txt", ten)), dir.resolve("ok"), new ArchiveLimits(10, 5))
            .bytes());
    String msg = refused(Map.of("t.txt", ten + "!"), new ArchiveLimits(10, 5));
    assertEquals("it unpacks to more than the cap of 10 bytes (SYNAPSE_RELEASE_MAX_BYTES)", msg);
  }

  @Test
  void somethingThatIsNotAZipIsRefused() throws Exception {
    Path notZip = dir.resolve("x.zip");
    Files.writeString(notZip, "PK? not really a zip archive, just text");
    var e =
        assertThrows(
            IOException.class, () -> ReleaseArchive.unpack(notZip, dir.resolve("o"), ROOMY));
    assertTrue(e.getMessage().contains("zip"), e.getMessage());
  }

  @Test
  void theChecksumIsTheFilesSha256InHex() throws Exception {
    Path f = dir.resolve("abc");
    Files.writeString(f, "abc");
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of(f));
  }
}
