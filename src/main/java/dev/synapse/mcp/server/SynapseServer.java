package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.mcp.ProtocolRouter;
import dev.synapse.mcp.mcp.ToolCatalog;
import dev.synapse.mcp.store.Database;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/** Builds the object graph with constructors, serves it on Undertow, and stops it in order. */
public final class SynapseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SynapseServer.class);
  private static final String INSTRUCTIONS =
      "synapse-mcp records agent sessions and runs Synapse plugins. Call checkin first; sub-agents get a"
          + " session from the plugin's hooks and should heartbeat it while they work.";

  /** How long a REST run waits for its result; agent clients bring their own, shorter timeouts. */
  private static final Duration REST_RUN_WAIT = Duration.ofMinutes(10);

  private final ServerConfig config;
  private final Database db;
  private final KeyService keys;
  private final HttpServletStreamableServerTransportProvider transport;
  private final McpSyncServer mcp;
  private final ProtocolRouter router;
  private final GracefulShutdownHandler graceful;
  private final DeploymentManager deployment;
  private final Undertow undertow;
  private final int port;
  private final Services services;
  private final ExecutorService healthExecutor;
  private final java.util.concurrent.ScheduledExecutorService restWaits =
      Executors.newSingleThreadScheduledExecutor(daemon("synapse-rest-waits"));
  private final SessionSweeper sweeper;

  private SynapseServer(ServerConfig config, Clock clock) throws Exception {
    this.config = config;
    String version = Version.current();
    this.services = Services.open(config, clock, 4);
    services.warmEnvironments();
    ObjectMapper json = services.json;
    var mcpJson = new JacksonMcpJsonMapper(json);
    this.db = services.db;
    this.keys = services.keys;
    var runs = services.runs;
    int lost = runs.recover();
    if (lost > 0) {
      LOG.warn("{} run(s) left unfinished by an earlier server were marked lost", lost);
    }
    var status = new ExecutorStatus(config.ray());
    java.util.function.Supplier<Map<String, Object>> executorStatus = status::summary;
    services.metrics.gauge(
        "synapse_executor_available",
        "1 when runs in this mode can start now (task, job: Ray reachable)",
        new String[] {"mode"},
        status::availability);
    var catalog =
        new ToolCatalog(
            json,
            mcpJson,
            services.sessions,
            services.claims,
            services.plugins,
            runs,
            services.releases,
            services.rayActors,
            version,
            executorStatus,
            services.audit);

    McpTransportContextExtractor<HttpServletRequest> context =
        req -> {
          Object agent = req.getAttribute(ToolCatalog.AGENT);
          return agent == null
              ? McpTransportContext.EMPTY
              : McpTransportContext.create(
                  Map.of(
                      ToolCatalog.AGENT,
                      agent,
                      ToolCatalog.CLIENT,
                      String.valueOf(req.getRemoteAddr())));
        };
    this.transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mcpJson)
            .mcpEndpoint("/api/mcp")
            .maxRequestSize(config.maxBodyBytes())
            .keepAliveInterval(Duration.ofSeconds(30))
            .contextExtractor(context)
            .build();
    this.mcp =
        McpServer.sync(transport)
            .serverInfo("synapse-mcp", version)
            .instructions(INSTRUCTIONS)
            .jsonMapper(mcpJson)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
            .tools(
                dev.synapse.mcp.metrics.TimedTools.of(catalog.specifications(), services.metrics))
            .immediateExecution(true)
            .build();
    this.router =
        ProtocolRouter.create(
            transport,
            catalog,
            json,
            mcpJson,
            version,
            INSTRUCTIONS,
            config.maxBodyBytes(),
            context);

    var responses = new JsonResponses(json);
    Agent anonymous = config.noAuth() ? keys.anonymous() : null;
    var origins = new OriginPolicy(config.allowedHosts(), config.allowedOrigins());
    var filter = new AccessFilter(origins, keys, anonymous, responses);
    var info =
        Servlets.deployment()
            .setClassLoader(SynapseServer.class.getClassLoader())
            .setContextPath("")
            .setDeploymentName("synapse-mcp")
            .setServletStackTraces(ServletStackTraces.NONE)
            .addServlet(
                new ServletInfo("mcp", ProtocolRouter.class, new ImmediateInstanceFactory<>(router))
                    .addMapping("/api/mcp")
                    .setAsyncSupported(true)
                    .setLoadOnStartup(1))
            .addServlet(
                new ServletInfo(
                        "hooks",
                        HookServlet.class,
                        new ImmediateInstanceFactory<>(
                            new HookServlet(
                                new HookEvents(services.claims, json, catalog::checkin),
                                json,
                                responses,
                                config.maxBodyBytes())))
                    .addMapping("/api/hooks/*")
                    .setAsyncSupported(true))
            .addServlet(
                new ServletInfo(
                        "releases",
                        ReleaseServlet.class,
                        new ImmediateInstanceFactory<>(
                            new ReleaseServlet(
                                services.releases,
                                new RestRunWaiter(runs, responses, REST_RUN_WAIT, restWaits),
                                json,
                                responses,
                                config.maxBodyBytes(),
                                services.audit)))
                    .addMapping("/api/plugin_releases/*")
                    .addMapping("/api/plugin_releases")
                    .setAsyncSupported(true))
            .addServlet(
                new ServletInfo(
                        "metrics",
                        dev.synapse.mcp.web.MetricsServlet.class,
                        new ImmediateInstanceFactory<>(
                            new dev.synapse.mcp.web.MetricsServlet(
                                services.metrics,
                                keys,
                                config.web().metrics(),
                                origins::hostAllowed)))
                    .addMapping("/metrics")
                    .setAsyncSupported(true))
            .addServlet(
                new ServletInfo(
                        "dashboard",
                        dev.synapse.mcp.web.DashboardServlet.class,
                        new ImmediateInstanceFactory<>(
                            new dev.synapse.mcp.web.DashboardServlet(
                                new dev.synapse.mcp.web.Dashboard(
                                    services.sessions,
                                    runs,
                                    services.plugins,
                                    services.releases,
                                    keys,
                                    services.audit,
                                    db,
                                    version,
                                    executorStatus,
                                    origins::hostAllowed,
                                    origins::originAllowed,
                                    config.web()),
                                clock)))
                    .addMapping("/")
                    .setAsyncSupported(true))
            .addFilter(
                new FilterInfo("access", AccessFilter.class, new ImmediateInstanceFactory<>(filter))
                    .setAsyncSupported(true))
            .addFilterUrlMapping("access", "/api/*", DispatcherType.REQUEST)
            .addFilter(
                new FilterInfo(
                        "jsonrpc-body",
                        JsonRpcBodyFilter.class,
                        new ImmediateInstanceFactory<>(
                            new JsonRpcBodyFilter(config.maxBodyBytes(), responses, json)))
                    .setAsyncSupported(true))
            .addFilterUrlMapping("jsonrpc-body", "/api/mcp", DispatcherType.REQUEST)
            .addFilter(
                new FilterInfo(
                        "mcp-session-owners",
                        McpSessionOwners.class,
                        new ImmediateInstanceFactory<>(new McpSessionOwners()))
                    .setAsyncSupported(true))
            .addFilterUrlMapping("mcp-session-owners", "/api/mcp", DispatcherType.REQUEST);
    this.deployment = Servlets.defaultContainer().addDeployment(info);
    deployment.deploy();
    TransportLimits limits = config.limits();
    var exchangeJson = new ExchangeJson(json);
    this.healthExecutor = Executors.newFixedThreadPool(2, daemon("synapse-health"));
    var front =
        new FrontDoor(
            new ConnectionCap(limits.connectionsPerAddress()),
            new HealthHandler(origins, db, version, executorStatus, exchangeJson),
            healthExecutor,
            deployment.start(),
            config.maxBodyBytes(),
            limits.bodyDeadlineMs(),
            exchangeJson);
    this.graceful = Handlers.gracefulShutdown(new TrailingSlash(front));
    this.undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setWorkerThreads(config.workerThreads())
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, limits.requestParseTimeoutMs())
            .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, limits.noRequestTimeoutMs())
            .setServerOption(UndertowOptions.IDLE_TIMEOUT, limits.idleTimeoutMs())
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) config.maxBodyBytes())
            .setSocketOption(Options.READ_TIMEOUT, limits.readTimeoutMs())
            .setSocketOption(Options.WRITE_TIMEOUT, limits.writeTimeoutMs())
            .setHandler(graceful)
            .build();
    undertow.start();
    this.sweeper = new SessionSweeper(services.claims, config.sessionExpiry());
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
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
    sweeper.close();
    try {
      mcp.closeGracefully();
      if (!graceful.awaitShutdown(grace.toMillis())) {
        LOG.warn("requests still in flight after {} s; stopping anyway", grace.toSeconds());
      }
      router.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("closing MCP sessions: {}", e.getMessage());
    }
    undertow.stop();
    try {
      deployment.stop();
      deployment.undeploy();
    } catch (Exception e) {
      LOG.warn("undeploying: {}", e.getMessage());
    }
    healthExecutor.shutdownNow();
    restWaits.shutdownNow();
    services.stop(grace.toMillis());
    LOG.info("stopped");
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
