package dev.synapse.mcp.cli;

import dev.synapse.mcp.errors.RequestException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code synapse-mcp <command>}: the single entry point of the jar. */
public final class Main {
  private static final String USAGE =
      """
      synapse-mcp: an MCP server for Claude Code that runs Synapse plugins and records agent sessions.

      Usage: synapse-mcp <command> [options]     (every command takes --help)

      Commands:
        serve            start the server (prints the URL, and a first admin key on a new database)
        keys create      create an API key for an agent; prints the key alone
        keys list        list keys (never shows them)
        keys revoke      revoke every key of an agent
        sessions list    list agent sessions
        plugins list     plugins under the plugin roots, with their actions or errors
        plugins run      run a plugin action here, with progress on the terminal
        plugins pack     build a release archive (code/version.zip + .sha256) from a plugin folder
        runs list        runs of every agent
        runs logs        a run's logs
        audit            the audit trail of state-changing calls (who, what, from where, outcome)

      Environment: SYNAPSE_HOME (~/.synapse), SYNAPSE_DB ($SYNAPSE_HOME/synapse.db), SYNAPSE_HOST (127.0.0.1),
      SYNAPSE_PORT (8765), SYNAPSE_PLUGIN_PATH, SYNAPSE_PLUGIN_STORE, SYNAPSE_LOG_LEVEL (info),
      RAY_ADDRESS (Ray GCS host:port, for task mode), SYNAPSE_RAY_DASHBOARD (Ray Jobs API URL, for job mode;
      default http://<RAY_ADDRESS host>:8265).
      """;

  private Main() {}

  public static void main(String[] args) {
    Logging.configure(System.getenv());
    System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, Command> commands = new LinkedHashMap<>();
    commands.put("serve", new ServeCommand());
    commands.put("keys", new KeysCommand());
    commands.put("sessions", new SessionsCommand());
    commands.put("plugins", new PluginsCommand());
    commands.put("runs", new RunsCommand());
    commands.put("audit", new AuditCommand());
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    if (args.get(0).equals("ray-driver")) {
      // Hidden: the Ray driver child JVM the server starts for task mode (see RayDriverMain).
      try {
        return dev.synapse.mcp.runs.task.RayDriverMain.run();
      } catch (Exception e) {
        err.println("synapse-mcp ray-driver: " + e);
        return 1;
      }
    }
    Command command = commands.get(args.get(0));
    if (command == null) {
      err.println(
          "synapse-mcp: unknown command '" + args.get(0) + "'; commands: " + commands.keySet());
      return 2;
    }
    try {
      return command.run(args.subList(1, args.size()), env, out, err);
    } catch (RequestException e) {
      err.println("synapse-mcp: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("synapse-mcp: " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", e);
      return 1;
    }
  }
}
