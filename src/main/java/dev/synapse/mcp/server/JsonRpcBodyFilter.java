package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a POST body before the MCP transport sees it, so protocol misuse gets a proper JSON-RPC
 * error (HTTP 400, the request's id when readable) instead of a parser's message: too big → 413,
 * not UTF-8 JSON → -32700, a batch or a broken envelope → -32600, params not an object → -32602
 * (see {@link JsonRpcEnvelope}). The body is read once, capped, and handed on; the transport's own
 * error answers are rewritten by {@link RpcErrorResponse}.
 */
final class JsonRpcBodyFilter extends HttpFilter {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.http");
  private final int maxBytes;
  private final JsonResponses responses;
  private final ObjectMapper json;
  private final JsonRpcEnvelope envelope;

  JsonRpcBodyFilter(int maxBytes, JsonResponses responses, ObjectMapper json) {
    this.maxBytes = maxBytes;
    this.responses = responses;
    this.json = json;
    this.envelope = new JsonRpcEnvelope(json);
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String what = req.getMethod() + " /api/mcp from " + req.getRemoteAddr();
    if (!"POST".equals(req.getMethod())) {
      forward(req, new RpcErrorResponse(res, json, null, what), chain, null);
      return;
    }
    byte[] body = readCapped(req.getInputStream());
    if (body == null || req.getContentLengthLong() > maxBytes) {
      res.setHeader("Connection", "close");
      responses.write(
          res,
          413,
          JsonResponses.rpcError(
              JsonRpcEnvelope.INVALID_REQUEST,
              "request body is larger than " + maxBytes + " bytes"));
      return;
    }
    JsonRpcEnvelope.Problem problem = envelope.check(body);
    if (problem != null) {
      LOG.debug("{}: {}", what, problem.message());
      var error = JsonResponses.rpcError(problem.code(), problem.message());
      error.put("id", problem.id() == null || problem.id().isNull() ? null : problem.id());
      responses.write(res, 400, error);
      return;
    }
    JsonNode id = envelope.id(body);
    forward(new CachedBody(req, body), new RpcErrorResponse(res, json, id, what), chain, id);
  }

  /** Passes the request on; a fault escaping the transport becomes a JSON-RPC error with a ref. */
  private void forward(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain, JsonNode id)
      throws IOException {
    try {
      chain.doFilter(req, res);
    } catch (IOException | ServletException | RuntimeException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("{} {} failed (ref {})", req.getMethod(), req.getRequestURI(), ref, e);
      if (!res.isCommitted()) {
        res.reset();
        var error =
            JsonResponses.rpcError(
                -32603, "internal error (ref " + ref + "); the server log has the details");
        error.put("id", id == null || id.isNull() ? null : id);
        responses.write(res, 500, error);
      }
    }
  }

  private byte[] readCapped(InputStream in) throws IOException {
    var out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBytes) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      var in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already read");
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
