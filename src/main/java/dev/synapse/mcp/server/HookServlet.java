package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.errors.RequestException;
import dev.synapse.mcp.mcp.ToolCatalog;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/hooks/<event>}: one request per Claude Code hook call. 200 carries the text the
 * hook prints, 204 means print nothing; errors are {@code {error, message}} with one line.
 */
final class HookServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(HookServlet.class);
  private final HookEvents events;
  private final ObjectMapper json;
  private final JsonResponses responses;
  private final int maxBodyBytes;

  HookServlet(HookEvents events, ObjectMapper json, JsonResponses responses, int maxBodyBytes) {
    this.events = events;
    this.json = json;
    this.responses = responses;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Agent agent = (Agent) req.getAttribute(ToolCatalog.AGENT);
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String event = path.startsWith("/") ? path.substring(1) : path;
    try {
      byte[] bytes;
      try (InputStream in = req.getInputStream()) {
        bytes = in.readNBytes(maxBodyBytes + 1);
      }
      if (bytes.length > maxBodyBytes) {
        responses.error(
            res, 413, "too_large", "the hook body is larger than " + maxBodyBytes + " bytes");
        return;
      }
      JsonNode body;
      try {
        body = json.readTree(new String(bytes, StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        responses.error(res, 400, "invalid", "the hook body is not JSON");
        return;
      }
      if (body == null || !body.isObject()) {
        responses.error(res, 400, "invalid", "the hook body must be a JSON object");
        return;
      }
      String out = events.handle(agent, event, body);
      if (out == null) {
        res.setStatus(204);
        return;
      }
      byte[] text = out.getBytes(StandardCharsets.UTF_8);
      res.setStatus(200);
      res.setContentType("application/json");
      res.setContentLength(text.length);
      res.getOutputStream().write(text);
    } catch (RequestException e) {
      responses.error(
          res,
          e.kind().httpStatus,
          e.kind().name().toLowerCase(java.util.Locale.ROOT),
          e.getMessage());
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("hook {} failed (ref {})", event, ref, e);
      responses.error(
          res, 500, "internal", "internal error (ref " + ref + "); the server log has the details");
    }
  }
}
