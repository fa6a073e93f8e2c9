// The MCP Java SDK's own no-op `echo` server (streamable HTTP with sessions) on Undertow, the way
// synapse-mcp hosts its tools but with nothing behind the tool: the floor for bench/protocol.sh.
// Run with the synapse-mcp jar on the class path: java -cp target/synapse-mcp.jar bench/echo/JavaEcho.java PORT_FILE

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.InstanceFactory;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public final class JavaEcho {
  public static void main(String[] args) throws Exception {
    var mapper = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
    var transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(mapper)
            .mcpEndpoint("/mcp")
            .build();
    var tool =
        McpSchema.Tool.builder()
            .name("echo")
            .description("echo")
            .inputSchema(
                mapper,
                "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}}}")
            .build();
    McpServer.sync(transport)
        .serverInfo("java-echo", "1")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(
            SyncToolSpecification.builder()
                .tool(tool)
                .callHandler(
                    (ex, req) ->
                        McpSchema.CallToolResult.builder()
                            .addTextContent(String.valueOf(req.arguments().get("message")))
                            .build())
                .build())
        .immediateExecution(true)
        .build();
    InstanceFactory<HttpServletStreamableServerTransportProvider> instance =
        new ImmediateInstanceFactory<>(transport);
    var info =
        Servlets.deployment()
            .setClassLoader(JavaEcho.class.getClassLoader())
            .setContextPath("")
            .setDeploymentName("echo")
            .addServlet(
                new ServletInfo("mcp", HttpServletStreamableServerTransportProvider.class, instance)
                    .addMapping("/mcp")
                    .setAsyncSupported(true));
    var manager = Servlets.defaultContainer().addDeployment(info);
    manager.deploy();
    Undertow u =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(manager.start())
            .build();
    u.start();
    int port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    Files.writeString(Path.of(args[0]), String.valueOf(port));
    Thread.currentThread().join();
  }
}
