package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the server until SIGTERM/SIGINT, then drains and stops. */
@Command(
    name = "serve",
    description = "Start the MCP server at http://HOST:PORT/api/mcp (health: /api/health).",
    footer = {
      "",
      "Ray (task and job modes): RAY_ADDRESS=<gcs host:port> (a node of that cluster must run on"
          + " this",
      "machine: `ray start --head` or `ray start --address=...`), SYNAPSE_RAY_DASHBOARD=<Jobs API"
          + " URL>",
      "(default http://<RAY_ADDRESS host>:8265). Unset: runs use local mode.",
      "On a database without keys it creates an admin key and prints it once, with a .mcp.json"
          + " snippet."
    })
final class ServeCommand implements Callable<Integer> {
  @Mixin Options.Help help;
  @Mixin Options.Db db;

  @Option(
      names = "--host",
      paramLabel = "H",
      description = "Address to bind (SYNAPSE_HOST, default 127.0.0.1).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Port, 0 for any free one (SYNAPSE_PORT, default 8765).")
  Integer port;

  @Option(
      names = "--plugin-path",
      paramLabel = "P1:P2",
      description = "Plugin roots, ':'-separated (SYNAPSE_PLUGIN_PATH).")
  String pluginPath;

  @Option(
      names = "--plugin-store",
      paramLabel = "FOLDER_OR_URL",
      description =
          "Where plugin releases are fetched from: a folder or an http(s) URL holding"
              + " <code>/<version>.zip (SYNAPSE_PLUGIN_STORE).")
  String pluginStore;

  @Option(
      names = "--port-file",
      paramLabel = "FILE",
      description = "Write the bound port to FILE once listening.")
  String portFile;

  @Option(
      names = "--no-auth",
      description =
          "Accept requests without a key (loopback hosts only; for protocol test suites).")
  boolean noAuth;

  private final Io io;

  ServeCommand(Io io) {
    this.io = io;
  }

  private Map<String, String> flags() {
    Map<String, String> flags = new HashMap<>(db.flags());
    put(flags, "host", host);
    put(flags, "port", port == null ? null : String.valueOf(port));
    put(flags, "plugin-path", pluginPath);
    put(flags, "plugin-store", pluginStore);
    put(flags, "port-file", portFile);
    if (noAuth) {
      flags.put("no-auth", "");
    }
    return flags;
  }

  private static void put(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }

  @Override
  public Integer call() throws java.io.IOException {
    ServerConfig config = ServerConfig.resolve(io.env(), flags());
    // The hook exists before the server does: a SIGTERM right after the port file appears still
    // drains.
    var running = new java.util.concurrent.atomic.AtomicReference<SynapseServer>();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  SynapseServer s = running.get();
                  if (s != null) {
                    s.stop(Duration.ofSeconds(5));
                  }
                  stopped.countDown();
                },
                "shutdown"));
    SynapseServer server = SynapseServer.start(config, Clock.systemUTC());
    running.set(server);
    if (config.portFile() != null) {
      // written last, atomically: whoever waits for it finds a server that will drain on SIGTERM
      var tmp = config.portFile().resolveSibling(config.portFile().getFileName() + ".tmp");
      java.nio.file.Files.writeString(tmp, String.valueOf(server.port()));
      java.nio.file.Files.move(
          tmp, config.portFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    String endpoint = server.url() + "/api/mcp";
    io.out().println("synapse-mcp is listening on " + endpoint);
    io.out()
        .println(
            "Plugins from: "
                + (config.pluginPath().isEmpty()
                    ? "(none: set SYNAPSE_PLUGIN_PATH or --plugin-path)"
                    : config.pluginPath().stream()
                        .map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(":"))));
    if (!config.noAuth() && !server.keys().anyKeys()) {
      String key = server.keys().create("admin", EnumSet.of(Role.ADMIN));
      io.out().println();
      io.out()
          .println(
              "Created the first API key (agent 'admin', role admin). It is shown only this once:");
      io.out().println();
      io.out().println("  " + key);
      io.out().println();
      io.out()
          .println(
              "Connect Claude Code: export these, then run `claude` in a project with the .mcp.json below");
      io.out().println("  export SYNAPSE_URL=" + server.url());
      io.out().println("  export SYNAPSE_API_KEY=" + key);
      io.out().println();
      io.out().println(McpJsonSnippet.text());
      io.out()
          .println(
              "More keys: synapse-mcp keys create --name NAME [--roles session,run,release,admin]");
    } else if (!config.noAuth()) {
      io.out()
          .println(
              "Keys: synapse-mcp keys list | keys create --name NAME. Claude Code's .mcp.json:");
      io.out().println(McpJsonSnippet.text());
    }
    io.out().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
