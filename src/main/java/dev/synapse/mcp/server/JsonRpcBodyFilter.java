package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

/**
 * Checks a POST body before the MCP transport sees it, so protocol misuse gets a proper JSON-RPC
 * error instead of a parser's message: too big → 413, not JSON → -32700, a batch (arrays are not
 * part of the protocol since 2025-06-18) → -32600. The body is read once, capped, and handed on.
 */
final class JsonRpcBodyFilter extends HttpFilter {
  private static final JsonFactory JSON = new JsonFactory();
  private final int maxBytes;
  private final JsonResponses responses;

  JsonRpcBodyFilter(int maxBytes, JsonResponses responses) {
    this.maxBytes = maxBytes;
    this.responses = responses;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!"POST".equals(req.getMethod())) {
      chain.doFilter(req, res);
      return;
    }
    byte[] body = readCapped(req.getInputStream());
    if (body == null || req.getContentLengthLong() > maxBytes) {
      responses.write(
          res,
          413,
          JsonResponses.rpcError(-32600, "request body is larger than " + maxBytes + " bytes"));
      return;
    }
    String problem = check(body);
    if (problem != null) {
      int code = problem.startsWith("batch") ? -32600 : -32700;
      responses.write(res, 400, JsonResponses.rpcError(code, problem));
      return;
    }
    chain.doFilter(new CachedBody(req, body), res);
  }

  /** Null when the body is one JSON object; otherwise what is wrong with it. */
  static String check(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_ARRAY) {
        return "batch requests are not supported: send one JSON-RPC message per request";
      }
      if (first != JsonToken.START_OBJECT) {
        return "Parse error: the body must be one JSON-RPC message (a JSON object)";
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return "Parse error: unexpected data after the JSON object";
      }
      return null;
    } catch (IOException e) {
      return "Parse error: the body is not valid JSON";
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
