package dev.synapse.mcp.cli;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.releases.ReleasePacker;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code plugins pack DIR [--store FOLDER] [--out FILE]}: builds a release archive (and its {@code
 * .sha256}) from a plugin folder, into a plugin store folder when given.
 */
final class PackCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp plugins pack DIR [--store FOLDER | --out FILE]

        Builds a release archive of the plugin in DIR (its config.yaml gives code and version), with
        a .sha256 beside it. Files listed in DIR/.synapseignore (gitignore syntax) are left out, and
        so are .git, .venv, __pycache__ and dist.
          --store FOLDER   write FOLDER/<code>/<version>.zip: the layout SYNAPSE_PLUGIN_STORE serves
                           (a folder path or a file:// URL; serve the folder over http(s) to share it)
          --out FILE       write the archive to FILE
        Default: DIR/dist/<code>-<version>.zip
        """;
  }

  /** {@code args} are what follows {@code pack}. */
  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws Exception {
    var cl = CommandLine.parse(args, Set.of("store", "out"), Set.of());
    if (cl.help()) {
      out.print(usage());
      return 0;
    }
    if (cl.positionals().size() != 1) {
      err.println("synapse-mcp: plugins pack needs one plugin folder (see --help)");
      return 2;
    }
    Path dir = Path.of(cl.positionals().get(0));
    String store = cl.flag("store");
    ReleasePacker.Packed packed;
    if (store != null && cl.flag("out") != null) {
      throw new InvalidInputException("give --store or --out, not both");
    } else if (store != null) {
      packed = ReleasePacker.packInto(dir, storeFolder(store));
    } else if (cl.flag("out") != null) {
      packed = ReleasePacker.pack(dir, Path.of(cl.flag("out")));
    } else {
      packed = ReleasePacker.pack(dir, dir.resolve("dist").resolve(ReleasePacker.fileName(dir)));
    }
    out.println(packed.zip());
    err.println(
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
