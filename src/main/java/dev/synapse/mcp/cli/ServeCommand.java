package dev.synapse.mcp.cli;

import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the server until SIGTERM/SIGINT, then drains and stops. */
final class ServeCommand implements Command {
  static final Set<String> VALUED =
      Set.of("host", "port", "db", "home", "plugin-path", "port-file", "plugin-store");

  @Override
  public String usage() {
    return """
        Usage: synapse-mcp serve [--host H] [--port P] [--db FILE] [--home DIR] [--plugin-path P1:P2]
                                 [--plugin-store FOLDER_OR_URL] [--port-file FILE] [--no-auth]

        Starts the MCP server at http://HOST:PORT/api/mcp (health: /api/health).
          --host H           address to bind (SYNAPSE_HOST, default 127.0.0.1)
          --port P           port, 0 for any free one (SYNAPSE_PORT, default 8765)
          --db FILE          SQLite file (SYNAPSE_DB, default $SYNAPSE_HOME/synapse.db)
          --home DIR         state folder (SYNAPSE_HOME, default ~/.synapse)
          --plugin-path P    plugin roots, ':'-separated (SYNAPSE_PLUGIN_PATH)
          --plugin-store S   where plugin releases are fetched from: a folder or an http(s) URL holding
                             <code>/<version>.zip (SYNAPSE_PLUGIN_STORE)
          --port-file FILE   write the bound port to FILE once listening
          --no-auth          accept requests without a key (loopback hosts only; for protocol test suites)
        Ray (task and job modes): RAY_ADDRESS=<gcs host:port> (a node of that cluster must run on this
        machine: `ray start --head` or `ray start --address=...`), SYNAPSE_RAY_DASHBOARD=<Jobs API URL>
        (default http://<RAY_ADDRESS host>:8265). Unset: runs use local mode.
        On a database without keys it creates an admin key and prints it once, with a .mcp.json snippet.
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws java.io.IOException {
    var cl = CommandLine.parse(args, VALUED, Set.of("no-auth"));
    if (cl.help()) {
      out.print(usage());
      return 0;
    }
    ServerConfig config = ServerConfig.resolve(env, cl.flags());
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
    out.println("synapse-mcp is listening on " + endpoint);
    out.println(
        "Plugins from: "
            + (config.pluginPath().isEmpty()
                ? "(none: set SYNAPSE_PLUGIN_PATH or --plugin-path)"
                : config.pluginPath().stream()
                    .map(Object::toString)
                    .collect(java.util.stream.Collectors.joining(":"))));
    if (!config.noAuth() && !server.keys().anyKeys()) {
      String key = server.keys().create("admin", EnumSet.of(Role.ADMIN));
      out.println();
      out.println(
          "Created the first API key (agent 'admin', role admin). It is shown only this once:");
      out.println();
      out.println("  " + key);
      out.println();
      out.println(
          "Connect Claude Code: export these, then run `claude` in a project with the .mcp.json below");
      out.println("  export SYNAPSE_URL=" + server.url());
      out.println("  export SYNAPSE_API_KEY=" + key);
      out.println();
      out.println(McpJsonSnippet.text());
      out.println(
          "More keys: synapse-mcp keys create --name NAME [--roles session,run,release,admin]");
    } else if (!config.noAuth()) {
      out.println(
          "Keys: synapse-mcp keys list | keys create --name NAME. Claude Code's .mcp.json:");
      out.println(McpJsonSnippet.text());
    }
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
