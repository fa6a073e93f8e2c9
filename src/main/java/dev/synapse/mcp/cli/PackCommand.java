package dev.synapse.mcp.cli;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.releases.ReleasePacker;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plugins pack DIR [--store FOLDER] [--out FILE]}: builds a release archive (and its {@code
 * .sha256}) from a plugin folder, into a plugin store folder when given.
 */
@Command(
    name = "pack",
    description = {
      "Build a release archive of the plugin in DIR (its config.yaml gives code and version), with",
      "a .sha256 beside it. Files listed in DIR/.synapseignore (gitignore syntax) are left out, and",
      "so are .git, .venv, __pycache__ and dist. Default: DIR/dist/<code>-<version>.zip"
    })
final class PackCommand implements Callable<Integer> {
  @Mixin Options.Help help;

  @Parameters(paramLabel = "DIR", description = "The plugin folder.")
  Path dir;

  @Option(
      names = "--store",
      paramLabel = "FOLDER",
      description = {
        "Write FOLDER/<code>/<version>.zip: the layout SYNAPSE_PLUGIN_STORE serves",
        "(a folder path or a file:// URL; serve the folder over http(s) to share it)."
      })
  String store;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the archive to FILE.")
  Path out;

  private final Io io;

  PackCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    ReleasePacker.Packed packed;
    if (store != null && out != null) {
      throw new InvalidInputException("give --store or --out, not both");
    } else if (store != null) {
      packed = ReleasePacker.packInto(dir, storeFolder(store));
    } else if (out != null) {
      packed = ReleasePacker.pack(dir, out);
    } else {
      packed = ReleasePacker.pack(dir, dir.resolve("dist").resolve(ReleasePacker.fileName(dir)));
    }
    io.out().println(packed.zip());
    io.err()
        .println(
            "packed "
                + packed.ref()
                + ": "
                + packed.files()
                + " files, "
                + packed.size()
                + " bytes, sha256 "
                + packed.sha256());
    return 0;
  }

  private static Path storeFolder(String store) {
    String lower = store.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("file://")) {
      return Path.of(URI.create(store));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      throw new InvalidInputException(
          "--store must be a folder: pack into the folder your http(s) store serves");
    }
    return Path.of(store);
  }
}
