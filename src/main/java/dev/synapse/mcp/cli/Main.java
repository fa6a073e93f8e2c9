package dev.synapse.mcp.cli;

import dev.synapse.mcp.errors.RequestException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code synapse-mcp <command>}: the single entry point of the jar, on picocli. Exit codes: 0 done,
 * 1 the work failed, 2 a usage error or a refused input; every error is one line on stderr.
 */
public final class Main {
  /** Exit code of a usage error or an input the command refused. */
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    Logging.configure(System.getenv());
    System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (!args.isEmpty() && args.get(0).equals("ray-driver")) {
      // Hidden: the Ray driver child JVM the server starts for task mode (see RayDriverMain).
      try {
        return dev.synapse.mcp.runs.task.RayDriverMain.run();
      } catch (Exception e) {
        err.println("synapse-mcp ray-driver: " + e);
        return 1;
      }
    }
    CommandLine cli = commandLine(new Io(env, out, err));
    return cli.execute(args.toArray(String[]::new));
  }

  /** The command tree with its handlers: usage errors exit 2, failures 1, each in one line. */
  static CommandLine commandLine(Io io) {
    CommandLine cli = new CommandLine(Root.class, new Factory(io));
    cli.setOut(new PrintWriter(io.out(), true));
    cli.setErr(new PrintWriter(io.err(), true));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(Integer.class, Main::wholeNumber);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          io.err().println("synapse-mcp: " + usageError(ex));
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, command, parsed) -> {
          io.err().println("synapse-mcp: " + oneLine(ex.getMessage()));
          if (ex instanceof RequestException) {
            return USAGE;
          }
          org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", ex);
          return 1;
        });
    return cli;
  }

  private static Integer wholeNumber(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a whole number; got '" + text + "'");
    }
  }

  private static final Pattern INVALID =
      Pattern.compile("Invalid value for option '([^']+)': (.*)");

  /** picocli's message for a usage error, reworded to name the command and its help. */
  static String usageError(ParameterException ex) {
    CommandLine at = ex.getCommandLine();
    String name = at.getCommandSpec().qualifiedName();
    String help = " (see " + name + " --help)";
    if (ex instanceof UnmatchedArgumentException u
        && !at.getSubcommands().isEmpty()
        && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      return "unknown command '"
          + u.getUnmatched().get(0)
          + "' for "
          + name
          + "; commands: "
          + String.join(", ", at.getSubcommands().keySet())
          + help;
    }
    String message = oneLine(ex.getMessage());
    Matcher m = INVALID.matcher(message);
    if (m.matches()) {
      message = m.group(1) + " " + m.group(2);
    }
    return message + help;
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "failed";
    }
    return message.strip().lines().findFirst().orElse(message);
  }

  /** Builds commands that take the {@link Io}; anything else the picocli way. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> c = type.getDeclaredConstructor(Io.class);
        return c.newInstance(io);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The top command: prints the usage when no command is given (exit 2). */
  @Command(
      name = "synapse-mcp",
      description =
          "An MCP server for Claude Code that runs Synapse plugins and records agent sessions.",
      synopsisSubcommandLabel = "COMMAND",
      subcommands = {
        ServeCommand.class,
        KeysCommand.class,
        SessionsCommand.class,
        PluginsCommand.class,
        RunsCommand.class,
        AuditCommand.class
      },
      footer = {
        "",
        "Every command takes --help. Exit codes: 0 done, 1 the work failed, 2 a usage error or a"
            + " refused input.",
        "Environment: SYNAPSE_HOME (~/.synapse), SYNAPSE_DB ($SYNAPSE_HOME/synapse.db),"
            + " SYNAPSE_HOST (127.0.0.1),",
        "SYNAPSE_PORT (8765), SYNAPSE_PLUGIN_PATH, SYNAPSE_PLUGIN_STORE, SYNAPSE_LOG_LEVEL (info),",
        "RAY_ADDRESS (Ray GCS host:port, for task mode), SYNAPSE_RAY_DASHBOARD (Ray Jobs API URL,"
            + " for job mode;",
        "default http://<RAY_ADDRESS host>:8265)."
      })
  static final class Root implements Callable<Integer> {
    @Mixin Options.Help help;
    @Spec CommandSpec spec;
    private final Io io;

    Root(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      spec.commandLine().usage(io.out());
      return USAGE;
    }
  }

  /** A command that only groups subcommands: without one it prints its usage (exit 2). */
  abstract static class Group implements Callable<Integer> {
    @Mixin Options.Help help;
    @Spec CommandSpec spec;
    final Io io;

    Group(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      spec.commandLine().usage(io.out());
      return USAGE;
    }
  }
}
