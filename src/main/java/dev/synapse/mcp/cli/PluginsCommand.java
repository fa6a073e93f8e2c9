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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code plugins list|run}: the same discovery and run path the server uses, without a server. */
final class PluginsCommand implements Command {
  @Override
  public String usage() {
    return """
        Usage: synapse-mcp plugins list [--plugin-path P]
               synapse-mcp plugins pack DIR [--store FOLDER | --out FILE]   (see plugins pack --help)
               synapse-mcp plugins run PLUGIN ACTION [--params JSON] [--mode local] [--timeout S]
                                       [--plugin-path P]
               synapse-mcp plugins prepare PLUGIN [--retry] [--no-wait] [--plugin-path P]

          list   plugins under the plugin roots (SYNAPSE_PLUGIN_PATH), with their actions or their errors
          run    runs an action here and now (recorded like any run), showing progress on the terminal;
                 prints the result as JSON on stdout; exit 0 when it succeeds, 1 when it fails
          prepare builds the plugin's Python environment ahead of its runs (showing the installer's
                 output) and prints its state: ready, building (--no-wait), or failed with the
                 installer's last lines; a failed build is remembered for a while, --retry builds again
          PLUGIN is a code, code@version, or a path under a plugin root.
        """;
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err)
      throws Exception {
    if (!args.isEmpty() && args.get(0).equals("pack")) {
      return new PackCommand().run(args.subList(1, args.size()), env, out, err);
    }
    var cl =
        CommandLine.parse(
            args,
            Set.of("params", "mode", "timeout", "plugin-path", "db", "home"),
            Set.of("retry", "no-wait"));
    if (cl.help() || cl.positionals().isEmpty()) {
      out.print(usage());
      return cl.help() ? 0 : 2;
    }
    try (Services services =
        Services.open(ServerConfig.resolve(env, cl.flags()), Clock.systemUTC(), 1)) {
      return switch (cl.positionals().get(0)) {
        case "list" -> list(services, out);
        case "run" -> run(services, cl, out, err);
        case "prepare" -> prepare(services, cl, out, err);
        default -> {
          err.println(
              "synapse-mcp: unknown plugins action '"
                  + cl.positionals().get(0)
                  + "'; use list, run or prepare");
          yield 2;
        }
      };
    }
  }

  private static int list(Services services, PrintStream out) {
    out.printf("%-16s %-10s %-12s %s%n", "CODE", "VERSION", "CATEGORY", "ACTIONS / ERROR");
    for (var d : services.plugins.list()) {
      Map<String, Object> s = PluginService.summary(d);
      out.printf(
          "%-16s %-10s %-12s %s%n",
          s.get("code"),
          s.getOrDefault("version", "-"),
          s.getOrDefault("category", "-"),
          d.ok() ? String.join(", ", d.manifest().actions().keySet()) : "ERROR: " + d.error());
      if (d.ok()) {
        d.actionErrors().forEach((a, e) -> out.printf("%-40s ! %s: %s%n", "", a, e));
      }
    }
    return 0;
  }

  private static int run(Services services, CommandLine cl, PrintStream out, PrintStream err)
      throws Exception {
    if (cl.positionals().size() != 3) {
      err.println("synapse-mcp: plugins run needs PLUGIN and ACTION (see --help)");
      return 2;
    }
    Object params = Map.of();
    if (cl.flag("params") != null) {
      try {
        params = services.json.readValue(cl.flag("params"), Object.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new InvalidInputException("--params is not valid JSON: " + e.getOriginalMessage());
      }
    }
    Integer timeout = cl.intFlag("timeout", null);
    Agent agent = services.keys.local("cli");
    Run run =
        services.runs.start(
            agent,
            new RunRequest(
                cl.positionals().get(1),
                cl.positionals().get(2),
                params,
                cl.flag("mode") == null ? "local" : cl.flag("mode"),
                null,
                timeout,
                null,
                null,
                null));
    err.println(
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
      run = services.runs.await(agent, run.id(), 45, event -> show(event, err));
    }
    JsonNode shown = run.result() != null ? run.result() : services.json.nullNode();
    if (run.status() == dev.synapse.mcp.runs.RunStatus.SUCCEEDED) {
      out.println(services.json.writerWithDefaultPrettyPrinter().writeValueAsString(shown));
      err.println("run " + run.id() + " succeeded in " + run.durationS() + " s");
      return 0;
    }
    err.println("run " + run.id() + " " + run.status().wire() + ": " + run.error());
    err.println("logs: synapse-mcp runs logs " + run.id());
    return 1;
  }

  private static int prepare(Services services, CommandLine cl, PrintStream out, PrintStream err)
      throws Exception {
    if (cl.positionals().size() != 2) {
      err.println("synapse-mcp: plugins prepare needs PLUGIN (see --help)");
      return 2;
    }
    var plugin = services.plugins.resolve(cl.positionals().get(1));
    boolean retry = cl.flags().containsKey("retry");
    var envs = services.plugins.environments();
    EnvironmentSpec spec;
    try {
      spec = envs.spec(plugin, List.of());
    } catch (EnvironmentException e) {
      throw new InvalidInputException("plugin '" + plugin.code() + "': " + e.getMessage());
    }
    EnvState state = envs.state(spec);
    if (!state.ready() && (retry || !state.failed())) {
      try {
        EnvBuild build = envs.prepare(spec, retry);
        if (!cl.flags().containsKey("no-wait")) {
          try (AutoCloseable follow = build.follow(line -> err.println("  " + line))) {
            build.await();
          }
        }
      } catch (EnvironmentException e) {
        // a failed build is remembered: the state below says what failed
      }
      state = envs.state(spec);
    }
    out.println(services.json.writerWithDefaultPrettyPrinter().writeValueAsString(state.view()));
    return state.ready() || state.state().equals("building") ? 0 : 1;
  }

  private static void show(RunEvent event, PrintStream err) {
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
