package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.mcp.ToolCatalog;
import dev.synapse.mcp.plugins.PluginDiscovery;
import dev.synapse.mcp.plugins.PluginService;
import dev.synapse.mcp.plugins.PythonEnvironments;
import dev.synapse.mcp.plugins.RunnerCommand;
import dev.synapse.mcp.plugins.RunnerHome;
import dev.synapse.mcp.runs.ExecutionMode;
import dev.synapse.mcp.runs.RayActors;
import dev.synapse.mcp.runs.RayCluster;
import dev.synapse.mcp.runs.RunExecutor;
import dev.synapse.mcp.runs.RunExecutors;
import dev.synapse.mcp.runs.RunService;
import dev.synapse.mcp.sessions.SessionService;
import dev.synapse.mcp.store.Database;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the object graph with constructors, serves it on Undertow, and stops it in order. */
public final class SynapseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SynapseServer.class);
  private static final String INSTRUCTIONS =
      "synapse-mcp records agent sessions and runs Synapse plugins. Call checkin first; sub-agents get a"
          + " session from the plugin's hooks and should heartbeat it while they work.";

  private final ServerConfig config;
  private final Database db;
  private final KeyService keys;
  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer mcp;
  private final GracefulShutdownHandler graceful;
  private final DeploymentManager deployment;
  private final Undertow undertow;
  private final int port;
  private final RunService runs;
  private final ExecutorService runThreads;
  private final Map<ExecutionMode, RunExecutor> executors;
  private final RayActors rayActors;

  private SynapseServer(ServerConfig config, Clock clock) throws Exception {
    this.config = config;
    String version = Version.current();
    ObjectMapper json = Json.mapper();
    var mcpJson = new JacksonMcpJsonMapper(json);
    this.db = Database.open(config.db(), 4);
    this.keys = new KeyService(db, clock);
    var sessions = new SessionService(db, clock);
    var environments = new PythonEnvironments(config.home(), config.python());
    var runnerHome = RunnerHome.unpack(config.home());
    var runner = new RunnerCommand(runnerHome, config.home(), json);
    var plugins =
        new PluginService(new PluginDiscovery(config.pluginPath()), environments, runner, json);
    this.runThreads = Executors.newCachedThreadPool(daemon("run-"));
    var modes = new EnumMap<ExecutionMode, RunExecutor>(ExecutionMode.class);
    modes.put(ExecutionMode.LOCAL, RunExecutors.local(environments, runner, json, runThreads));
    RayCluster ray = config.ray();
    if (ray != null && ray.gcsAddress() != null) {
      // Only the driver child JVM loads Ray's classes; this just knows how to start it.
      this.rayActors = new RayActors(ray, runnerHome.pythonPath(), config.home(), json, runThreads);
      modes.put(ExecutionMode.TASK, rayActors.executor());
    } else {
      this.rayActors = null;
    }
    if (ray != null) {
      modes.put(
          ExecutionMode.JOB, RunExecutors.rayJob(ray, runnerHome.pythonPath(), json, runThreads));
    }
    this.executors = Map.copyOf(modes);
    this.runs = new RunService(db, plugins, sessions, executors, json, config.home(), clock);
    int lost = runs.recover();
    if (lost > 0) {
      LOG.warn("{} run(s) left unfinished by an earlier server were marked lost", lost);
    }
    var status = new ExecutorStatus(ray);
    java.util.function.Supplier<Map<String, Object>> executorStatus = status::summary;
    var catalog =
        new ToolCatalog(json, mcpJson, sessions, plugins, runs, rayActors, version, executorStatus);

    this.transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mcpJson)
            .mcpEndpoint("/api/mcp")
            .maxRequestSize(config.maxBodyBytes())
            .keepAliveInterval(Duration.ofSeconds(30))
            .contextExtractor(
                req -> {
                  Object agent = req.getAttribute(ToolCatalog.AGENT);
                  return agent == null
                      ? McpTransportContext.EMPTY
                      : McpTransportContext.create(Map.of(ToolCatalog.AGENT, agent));
                })
            .build();
    this.mcp =
        McpServer.sync(transport)
            .serverInfo("synapse-mcp", version)
            .instructions(INSTRUCTIONS)
            .jsonMapper(mcpJson)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
            .tools(catalog.specifications())
            .immediateExecution(true)
            .build();

    var responses = new JsonResponses(json);
    Agent anonymous = config.noAuth() ? keys.anonymous() : null;
    var filter =
        new AccessFilter(
            new OriginPolicy(config.allowedHosts(), config.allowedOrigins()),
            keys,
            anonymous,
            responses);
    var info =
        Servlets.deployment()
            .setClassLoader(SynapseServer.class.getClassLoader())
            .setContextPath("")
            .setDeploymentName("synapse-mcp")
            .setServletStackTraces(ServletStackTraces.NONE)
            .addServlet(
                new ServletInfo(
                        "mcp",
                        HttpServletStreamableServerTransportProvider.class,
                        new ImmediateInstanceFactory<>(transport))
                    .addMapping("/api/mcp")
                    .setAsyncSupported(true)
                    .setLoadOnStartup(1))
            .addServlet(
                new ServletInfo(
                        "health",
                        HealthServlet.class,
                        new ImmediateInstanceFactory<>(
                            new HealthServlet(db, version, executorStatus, responses)))
                    .addMapping("/api/health")
                    .setAsyncSupported(true))
            .addFilter(
                new FilterInfo("access", AccessFilter.class, new ImmediateInstanceFactory<>(filter))
                    .setAsyncSupported(true))
            .addFilterUrlMapping("access", "/api/*", DispatcherType.REQUEST);
    this.deployment = Servlets.defaultContainer().addDeployment(info);
    deployment.deploy();
    this.graceful = Handlers.gracefulShutdown(deployment.start());
    this.undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setWorkerThreads(config.workerThreads())
            .setHandler(graceful)
            .build();
    undertow.start();
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    if (config.portFile() != null) {
      var tmp = config.portFile().resolveSibling(config.portFile().getFileName() + ".tmp");
      Files.writeString(tmp, String.valueOf(port));
      Files.move(tmp, config.portFile(), StandardCopyOption.ATOMIC_MOVE);
    }
    LOG.info(
        "synapse-mcp {} listening on {} (database {}, schema v{}{})",
        version,
        url(),
        config.db(),
        db.schemaVersion(),
        config.noAuth() ? ", AUTHENTICATION OFF" : "");
  }

  public static SynapseServer start(ServerConfig config, Clock clock) {
    try {
      return new SynapseServer(config, clock);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("server failed to start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port;
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    var n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public KeyService keys() {
    return keys;
  }

  /**
   * Stops taking requests, lets in-flight calls finish for up to {@code grace}, then closes
   * everything.
   */
  public void stop(Duration grace) {
    LOG.info("shutting down: draining requests for up to {} s", grace.toSeconds());
    graceful.shutdown();
    runs.shutdown();
    try {
      mcp.closeGracefully();
      if (!graceful.awaitShutdown(grace.toMillis())) {
        LOG.warn("requests still in flight after {} s; stopping anyway", grace.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("closing MCP sessions: {}", e.getMessage());
    }
    undertow.stop();
    executors.values().forEach(RunExecutor::close);
    runThreads.shutdown();
    try {
      runThreads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      deployment.stop();
      deployment.undeploy();
    } catch (Exception e) {
      LOG.warn("undeploying: {}", e.getMessage());
    }
    db.close();
    LOG.info("stopped");
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
