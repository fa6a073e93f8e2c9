package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.audit.AuditLog;
import dev.synapse.mcp.errors.BusyException;
import dev.synapse.mcp.errors.InvalidFieldException;
import dev.synapse.mcp.errors.RequestException;
import dev.synapse.mcp.mcp.ToolCatalog;
import dev.synapse.mcp.releases.DebugRunRequest;
import dev.synapse.mcp.releases.ReleaseFilter;
import dev.synapse.mcp.releases.ReleaseRunRequest;
import dev.synapse.mcp.releases.ReleaseService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent REST API for plugin releases, with the agent client's paths under {@code
 * /api/plugin_releases/}: DRF-shaped pages and errors ({@code {field: [message]}} or {@code
 * {detail}}), the same service calls as the MCP tools.
 */
final class ReleaseServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseServlet.class);
  private final ReleaseService releases;
  private final RestRunWaiter waiter;
  private final ObjectMapper json;
  private final JsonResponses responses;
  private final int maxBodyBytes;
  private final AuditLog audit;

  ReleaseServlet(
      ReleaseService releases,
      RestRunWaiter waiter,
      ObjectMapper json,
      JsonResponses responses,
      int maxBodyBytes,
      AuditLog audit) {
    this.audit = audit;
    this.releases = releases;
    this.waiter = waiter;
    this.json = json;
    this.responses = responses;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Agent agent = (Agent) req.getAttribute(ToolCatalog.AGENT);
    String info = req.getPathInfo() == null ? "" : req.getPathInfo();
    List<String> parts = Arrays.stream(info.split("/")).filter(s -> !s.isEmpty()).toList();
    String method = req.getMethod();
    String failure = null;
    String target = parts.isEmpty() ? null : parts.get(0);
    String targetOfRun = target;
    java.util.function.IntConsumer audited =
        status -> audit(agent, req, info, targetOfRun, status, null);
    try {
      if (parts.isEmpty() && method.equals("GET")) {
        list(agent, req, res);
      } else if (parts.isEmpty() && method.equals("POST")) {
        var body = RestRequest.read(req, json, maxBodyBytes);
        target = body.string("plugin") + "@" + body.string("version");
        var created = releases.create(agent, body.string("plugin"), body.string("version"));
        responses.write(res, created.created() ? 201 : 200, created.release());
      } else if (parts.equals(List.of("run_debug")) && method.equals("POST")) {
        var body = RestRequest.read(req, json, maxBodyBytes);
        waiter.admit(agent);
        waiter.answer(
            agent, releases.runDebug(agent, debugRequest(body)), waitS(req), req, res, audited);
      } else if (parts.size() == 1 && isLookup(parts) && method.equals("GET")) {
        responses.write(res, 200, releases.get(agent, parts.get(0)));
      } else if (parts.size() == 1 && isLookup(parts) && method.equals("DELETE")) {
        releases.delete(agent, parts.get(0));
        res.setStatus(204);
      } else if (parts.size() == 2 && parts.get(1).equals("run") && method.equals("POST")) {
        var body = RestRequest.read(req, json, maxBodyBytes);
        waiter.admit(agent);
        waiter.answer(
            agent,
            releases.run(agent, parts.get(0), runRequest(body)),
            waitS(req),
            req,
            res,
            audited);
      } else if (parts.size() <= 1 || parts.size() == 2 && parts.get(1).equals("run")) {
        res.setHeader("Allow", parts.isEmpty() ? "GET, POST" : allowed(parts));
        detail(res, 405, "Method \"" + method + "\" not allowed.");
      } else {
        detail(res, 404, "Not found.");
      }
    } catch (InvalidFieldException e) {
      failure = e.field() + ": " + e.getMessage();
      responses.write(res, 400, Map.of(e.field(), List.of(e.getMessage())));
    } catch (BusyException e) {
      res.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
      detail(res, 429, e.getMessage());
    } catch (RequestException e) {
      failure = e.getMessage();
      detail(res, e.kind().httpStatus, e.getMessage());
    } catch (RestRequest.BodyTooLarge e) {
      failure = e.getMessage();
      detail(res, 413, e.getMessage());
    } catch (Exception e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("{} {} failed (ref {})", method, req.getRequestURI(), ref, e);
      failure = "internal error (ref " + ref + ")";
      detail(res, 500, "internal error (ref " + ref + "); the server log has the details");
    } finally {
      // a run answered later is recorded when its answer is written
      if (!req.isAsyncStarted()) {
        audit(agent, req, info, target, res.getStatus(), failure);
      }
    }
  }

  private void audit(
      Agent agent, HttpServletRequest req, String info, String target, int status, String failure) {
    String method = req.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
      audit.record(
          agent,
          method + " /api/plugin_releases" + info,
          target,
          status < 400 ? "ok" : "error: " + (failure != null ? failure : "HTTP " + status),
          req.getRemoteAddr());
    }
  }

  private void list(Agent agent, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    var q = RestRequest.query(req);
    String code = q.query("plugin") != null ? q.query("plugin") : q.query("code");
    var page =
        releases.list(
            agent,
            new ReleaseFilter(code, q.query("version")),
            q.queryInt("page"),
            q.queryInt("page_size"));
    var body = new LinkedHashMap<String, Object>();
    body.put("count", page.count());
    body.put("next", page.hasNext() ? PageLinks.to(req, page.page() + 1) : null);
    body.put("previous", page.hasPrevious() ? PageLinks.to(req, page.page() - 1) : null);
    body.put("results", page.results());
    responses.write(res, 200, body);
  }

  private static ReleaseRunRequest runRequest(RestRequest body) {
    return new ReleaseRunRequest(
        body.string("action"),
        body.object("params"),
        body.strings("requirements"),
        body.string("job_id"),
        body.object("data"),
        body.string("mode"),
        body.string("run_id"),
        body.integer("timeout_s"));
  }

  private static DebugRunRequest debugRequest(RestRequest body) {
    return new DebugRunRequest(
        body.string("action"),
        body.object("params"),
        body.string("plugin_path"),
        body.object("config"),
        body.body().get("modules"),
        body.strings("requirements"),
        body.string("job_id"),
        body.string("mode"),
        body.string("run_id"),
        body.integer("timeout_s"));
  }

  private static boolean isLookup(List<String> parts) {
    return !parts.get(0).equals("run_debug");
  }

  private static String allowed(List<String> parts) {
    if (parts.equals(List.of("run_debug")) || parts.size() == 2) {
      return "POST";
    }
    return "GET, DELETE";
  }

  private void detail(HttpServletResponse res, int status, String message) throws IOException {
    responses.write(res, status, Map.of("detail", message));
  }

  /** {@code ?wait_s=N}: how long the caller is ready to hold the call for the run's result. */
  private static Integer waitS(jakarta.servlet.http.HttpServletRequest req) {
    String v = req.getParameter("wait_s");
    if (v == null) {
      return null;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 0 && n <= 600) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw new dev.synapse.mcp.errors.InvalidInputException(
        "wait_s must be a whole number of seconds from 0 to 600; got '" + v + "'");
  }
}
