package dev.synapse.mcp.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /api/mcp} for every protocol version: a request of a 2025 session (initialize, or any
 * request carrying {@code Mcp-Session-Id}) goes to the SDK's session server; a session-less request
 * that names protocol 2026-07-28 (its {@code MCP-Protocol-Version} header or {@code _meta}), and
 * {@code server/discover}, go to the SDK's stateless server. Both serve the same tool catalogue.
 */
public final class ProtocolRouter extends HttpServlet {
  /** The versions the stateless server speaks (the newest first). */
  public static final List<String> STATELESS_VERSIONS = List.of("2026-07-28");

  private static final Logger LOG = LoggerFactory.getLogger("synapse.mcp");
  private static final Set<String> SESSION_VERSIONS =
      Set.of("2025-11-25", "2025-06-18", "2025-03-26");
  private final transient HttpServlet sessions;
  private final transient HttpServletMcpTransport stateless;
  private final transient McpServer server;
  private final transient ObjectMapper json;

  private ProtocolRouter(
      HttpServlet sessions,
      HttpServletMcpTransport stateless,
      McpServer server,
      ObjectMapper json) {
    this.sessions = sessions;
    this.stateless = stateless;
    this.server = server;
    this.json = json;
  }

  /** The router in front of {@code sessions}, with a stateless server over {@code catalog}. */
  public static ProtocolRouter create(
      HttpServlet sessions,
      ToolCatalog catalog,
      ObjectMapper json,
      McpJsonMapper mcpJson,
      String version,
      String instructions,
      int maxBodyBytes,
      McpTransportContextExtractor<HttpServletRequest> context) {
    McpServer server =
        McpServer.builder()
            .serverInfo(
                new McpSchema.Implementation("synapse-mcp", null, version, null, null, null))
            .instructions(instructions)
            .supportedVersions(STATELESS_VERSIONS)
            .jsonMapper(mcpJson)
            .feature(ToolsFeature.ofSync(catalog.statelessTools()))
            // No tool keeps request state between 2026 requests, so a key of this process is
            // enough; chosen here rather than left to the SDK, which warns at every start.
            .requestStateCodec(HmacRequestStateCodec.builder().key(stateKey()).build())
            .build();
    HttpServletMcpTransport transport =
        HttpServletMcpTransport.builder(server)
            .jsonMapper(mcpJson)
            .endpoint("/api/mcp")
            .maxRequestSize(maxBodyBytes)
            .contextExtractor(context)
            // Host and Origin are checked for every route by the server's access filter (its
            // configured hosts); the SDK's default would refuse every Origin.
            .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
            .build();
    return new ProtocolRouter(sessions, transport, server, json);
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    sessions.init(config);
    stateless.init(config);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res)
      throws ServletException, IOException {
    boolean modern = isStateless(req);
    if (modern && "server/discover".equals(req.getHeader("Mcp-Method"))) {
      LOG.info(
          "MCP server/discover (protocol {}) from {}",
          req.getHeader("MCP-Protocol-Version"),
          String.valueOf(req.getHeader("User-Agent")).replaceAll("[^\\x20-\\x7e]", "?"));
    }
    (modern ? stateless : sessions).service(req, res);
  }

  private static byte[] stateKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return key;
  }

  private boolean isStateless(HttpServletRequest req) throws IOException {
    if (req.getHeader("Mcp-Session-Id") != null) {
      return false;
    }
    String version = req.getHeader("MCP-Protocol-Version");
    if (version != null) {
      return !SESSION_VERSIONS.contains(version);
    }
    if (!"POST".equals(req.getMethod())) {
      return false;
    }
    // No header: an older client's initialize, or a bare 2026 request naming its version in _meta.
    JsonNode body = json.readTree(req.getInputStream());
    if (body == null || !body.isObject()) {
      return false;
    }
    String method = body.path("method").asText("");
    return method.equals("server/discover")
        || (!method.equals("initialize")
            && body.path("params").path("_meta").has(McpSchema.MetaKeys.PROTOCOL_VERSION));
  }

  /** Ends the stateless side's in-flight streams (the session side is closed by its server). */
  public void close() {
    stateless.closeGracefully();
    server.closeGracefully();
  }

  @Override
  public void destroy() {
    sessions.destroy();
    stateless.destroy();
  }
}
