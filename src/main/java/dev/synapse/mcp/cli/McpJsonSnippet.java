package dev.synapse.mcp.cli;

/**
 * The project-level {@code .mcp.json} that points Claude Code at this server through two variables.
 */
final class McpJsonSnippet {
  private McpJsonSnippet() {}

  static String text() {
    return """
        {
          "mcpServers": {
            "synapse": {
              "type": "http",
              "url": "${SYNAPSE_URL}/api/mcp",
              "headers": { "Authorization": "Bearer ${SYNAPSE_API_KEY}" }
            }
          }
        }""";
  }
}
