package dev.synapse.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code plugins pack}: what goes into a release archive, and where it is written. */
class PackCommandTest {
  private Path dir;

  @BeforeEach
  void setUp() {
    dir = TempDirs.create("pack-test");
  }

  @AfterEach
  void tearDown() {
    TempDirs.delete(dir);
  }

  private int run(String... args) {
    var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.run(List.of(args), Map.of("SYNAPSE_HOME", dir.toString()), sink, sink);
  }

  private static List<String> entries(Path zip) throws Exception {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>();
      Collections.list(zf.entries()).forEach(e -> names.add(e.getName()));
      return names;
    }
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void packIntoAStoreWritesCodeVersionZipAndItsChecksum() throws Exception {
    Path store = dir.resolve("store");
    assertEquals(
        0,
        run(
            "plugins",
            "pack",
            TestHome.examples().resolve("hello").toString(),
            "--store",
            store.toString()));
    Path zip = store.resolve("hello/0.1.0.zip");
    String sum = Files.readString(store.resolve("hello/0.1.0.zip.sha256")).split("\\s+")[0];
    String actual =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip)));
    assertEquals(actual, sum);
    assertTrue(entries(zip).containsAll(List.of("config.yaml", "plugin/add.py", "README.md")));
    assertEquals(
        0,
        run(
            "plugins",
            "pack",
            TestHome.examples().resolve("hello").toString(),
            "--store",
            "file://" + store));
    assertEquals(
        sum,
        Files.readString(store.resolve("hello/0.1.0.zip.sha256")).split("\\s+")[0],
        "same sources, same archive");
  }

  @Test
  void synapseIgnoreAndTheUsualFoldersAreLeftOut() throws Exception {
    Path src = dir.resolve("src");
    write(src.resolve("config.yaml"), "code: demo\nname: Demo\nversion: 2.0.0\n");
    write(src.resolve("plugin/main.py"), "x = 1\n");
    write(src.resolve("plugin/debug.log"), "");
    write(src.resolve("keep.log"), "");
    write(src.resolve("data/big.csv"), "");
    write(src.resolve("docs/data/notes.md"), "");
    write(src.resolve("secret.txt"), "");
    write(src.resolve("plugin/secret.txt"), "");
    write(src.resolve(".git/config"), "");
    write(src.resolve(".venv/bin/python"), "");
    write(src.resolve("plugin/__pycache__/main.pyc"), "");
    write(src.resolve("dist/old.zip"), "");
    write(src.resolve(".synapseignore"), "# comment\n*.log\n!keep.log\n/data/\n/secret.txt\n");
    assertEquals(0, run("plugins", "pack", src.toString()));
    Path zip = src.resolve("dist/demo-2.0.0.zip");
    List<String> names = entries(zip);
    assertEquals(
        List.of(
            ".synapseignore",
            "config.yaml",
            "docs/data/notes.md",
            "keep.log",
            "plugin/main.py",
            "plugin/secret.txt"),
        names);
  }

  @Test
  void packOutWritesTheArchiveWhereAskedWithItsChecksumAndNothingInTheSource() throws Exception {
    Path src = dir.resolve("src/hello");
    copy(TestHome.examples().resolve("hello"), src);
    Path out = dir.resolve("elsewhere/h.zip");
    Files.createDirectories(out.getParent());
    assertEquals(0, run("plugins", "pack", src.toString(), "--out", out.toString()));
    assertTrue(entries(out).contains("plugin/add.py"), entries(out).toString());
    String sum = Files.readString(out.resolveSibling("h.zip.sha256")).split("\\s+")[0];
    String actual =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
    assertEquals(actual, sum);
    assertFalse(Files.exists(src.resolve("dist")), "--out writes no default dist/ archive");
    assertEquals(
        2,
        run(
            "plugins",
            "pack",
            src.toString(),
            "--out",
            out.toString(),
            "--store",
            dir.resolve("s").toString()));
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    }
  }

  @Test
  void badInputIsOneLineAndNonZero() {
    assertEquals(2, run("plugins", "pack", dir.toString()));
    assertEquals(
        2,
        run(
            "plugins",
            "pack",
            TestHome.examples().resolve("hello").toString(),
            "--store",
            "http://x/"));
    assertEquals(0, run("plugins", "pack", "--help"));
  }
}
