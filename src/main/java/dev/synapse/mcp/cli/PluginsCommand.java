package dev.synapse.mcp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.plugins.EnvBuild;
import dev.synapse.mcp.plugins.EnvState;
import dev.synapse.mcp.plugins.EnvironmentException;
import dev.synapse.mcp.plugins.EnvironmentSpec;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.runs.Run;
import dev.synapse.mcp.runs.RunEvent;
import dev.synapse.mcp.runs.RunRequest;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.Services;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plugins list|run|prepare|pack}: the same discovery and run path the server uses. */
@Command(
    name = "plugins",
    description = "Plugins under the plugin roots: list, run, prepare, pack.",
    synopsisSubcommandLabel = "(list | run | prepare | pack)",
    subcommands = {
      PluginsCommand.ListPlugins.class,
      PluginsCommand.RunAction.class,
      PluginsCommand.Prepare.class,
      PackCommand.class
    },
    footer = {"", "PLUGIN is a code, code@version, or a path under a plugin root."})
final class PluginsCommand extends Main.Group {
  PluginsCommand(Io io) {
    super(io);
  }

  /** Options of every plugins subcommand that opens the services. */
  static final class Where {
    @Mixin Options.Db db;

    @Option(
        names = "--plugin-path",
        paramLabel = "P1:P2",
        description = "Plugin roots, ':'-separated (SYNAPSE_PLUGIN_PATH).")
    String pluginPath;

    Services open(Io io) {
      Map<String, String> flags = new HashMap<>(db.flags());
      if (pluginPath != null) {
        flags.put("plugin-path", pluginPath);
      }
      return Services.open(ServerConfig.resolve(io.env(), flags), Clock.systemUTC(), 1);
    }
  }

  @Command(
      name = "list",
      description =
          "Plugins under the plugin roots (SYNAPSE_PLUGIN_PATH), with their actions or their"
              + " errors.")
  static final class ListPlugins implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Where where;
    private final Io io;

    ListPlugins(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      try (Services services = where.open(io)) {
        io.out().printf("%-16s %-10s %-12s %s%n", "CODE", "VERSION", "CATEGORY", "ACTIONS / ERROR");
        for (var d : services.plugins.list()) {
          Map<String, Object> s = PluginService.summary(d);
          io.out()
              .printf(
                  "%-16s %-10s %-12s %s%n",
                  s.get("code"),
                  s.getOrDefault("version", "-"),
                  s.getOrDefault("category", "-"),
                  d.ok()
                      ? String.join(", ", d.manifest().actions().keySet())
                      : "ERROR: " + d.error());
          if (d.ok()) {
            d.actionErrors().forEach((a, e) -> io.out().printf("%-40s ! %s: %s%n", "", a, e));
          }
        }
      }
      return 0;
    }
  }

  @Command(
      name = "run",
      description = {
        "Run an action here and now (recorded like any run), showing progress on the terminal;",
        "print the result as JSON on stdout; exit 0 when it succeeds, 1 when it fails."
      })
  static final class RunAction implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Where where;

    @Parameters(index = "0", paramLabel = "PLUGIN", description = "The plugin.")
    String plugin;

    @Parameters(index = "1", paramLabel = "ACTION", description = "Its action.")
    String action;

    @Option(names = "--params", paramLabel = "JSON", description = "The action's parameters.")
    String params;

    @Option(
        names = "--mode",
        paramLabel = "local|task|job",
        description = "Where it runs (default local).")
    String mode = "local";

    @Option(names = "--timeout", paramLabel = "S", description = "Seconds before it is stopped.")
    Integer timeout;

    private final Io io;

    RunAction(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      try (Services services = where.open(io)) {
        Object parsed = Map.of();
        if (params != null) {
          try {
            parsed = services.json.readValue(params, Object.class);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(
                "--params is not valid JSON: " + e.getOriginalMessage());
          }
        }
        Agent agent = services.keys.local("cli");
        Run run =
            services.runs.start(
                agent,
                new RunRequest(plugin, action, parsed, mode, null, timeout, null, null, null));
        io.err()
            .println(
                "run "
                    + run.id()
                    + " started ("
                    + run.plugin()
                    + "@"
                    + run.pluginVersion()
                    + " "
                    + run.action()
                    + ")");
        while (!run.status().terminal()) {
          run = services.runs.await(agent, run.id(), 45, event -> show(event, io.err()));
        }
        JsonNode shown = run.result() != null ? run.result() : services.json.nullNode();
        if (run.status() == dev.synapse.mcp.runs.RunStatus.SUCCEEDED) {
          io.out()
              .println(services.json.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
          io.err().println("run " + run.id() + " succeeded in " + run.durationS() + " s");
          return 0;
        }
        io.err().println("run " + run.id() + " " + run.status().wire() + ": " + run.error());
        io.err().println("logs: synapse-mcp runs logs " + run.id());
        return 1;
      }
    }
  }

  @Command(
      name = "prepare",
      description = {
        "Build the plugin's Python environment ahead of its runs (showing the installer's output)",
        "and print its state: ready, building (--no-wait), or failed with the installer's last",
        "lines; a failed build is remembered for a while, --retry builds again."
      })
  static final class Prepare implements Callable<Integer> {
    @Mixin Options.Help help;
    @Mixin Where where;

    @Parameters(paramLabel = "PLUGIN", description = "The plugin.")
    String code;

    @Option(names = "--retry", description = "Build again after a failed build.")
    boolean retry;

    @Option(names = "--no-wait", description = "Start the build and print its state at once.")
    boolean noWait;

    private final Io io;

    Prepare(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() throws Exception {
      try (Services services = where.open(io)) {
        var plugin = services.plugins.resolve(code);
        var envs = services.plugins.environments();
        EnvironmentSpec spec;
        try {
          spec = envs.spec(plugin, java.util.List.of());
        } catch (EnvironmentException e) {
          throw new InvalidInputException("plugin '" + plugin.code() + "': " + e.getMessage());
        }
        EnvState state = envs.state(spec);
        if (!state.ready() && (retry || !state.failed())) {
          try {
            EnvBuild build = envs.prepare(spec, retry);
            if (!noWait) {
              try (AutoCloseable follow = build.follow(line -> io.err().println("  " + line))) {
                build.await();
              }
            }
          } catch (EnvironmentException e) {
            // a failed build is remembered: the state below says what failed
          }
          state = envs.state(spec);
        }
        io.out()
            .println(
                services.json.writerWithDefaultPrettyPrinter().writeValueAsString(state.view()));
        return state.ready() || state.state().equals("building") ? 0 : 1;
      }
    }
  }

  static void show(RunEvent event, PrintStream err) {
    if (event instanceof RunEvent.Progress p) {
      String counts = fmt(p.current()) + (p.total() == null ? "" : "/" + fmt(p.total()));
      err.printf(
          "  [%s] %s%n",
          p.category() == null ? "progress" : p.category(),
          p.message() != null ? p.message() : counts);
    } else if (event instanceof RunEvent.Log l) {
      err.println("  " + l.message());
    } else if (event instanceof RunEvent.Metric m) {
      err.println("  metric " + m.category() + ": " + m.value());
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
