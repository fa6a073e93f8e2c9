package dev.synapse.mcp.server;

import io.undertow.io.Receiver;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.ImmediatePooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * The root handler, on the IO thread: refuses connections beyond the per-address cap, serves {@code
 * /api/health} on its own executor, and reads every request body in full without a worker thread,
 * within one deadline for the whole body (a per-read timeout alone lets a client send a byte a
 * second forever). Only then does the request reach the servlets on a worker.
 */
final class FrontDoor implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger("synapse.http");
  private final ConnectionCap cap;
  private final HttpHandler health;
  private final Executor healthExecutor;
  private final HttpHandler next;
  private final int maxBodyBytes;
  private final long bodyDeadlineMs;
  private final ExchangeJson out;

  FrontDoor(
      ConnectionCap cap,
      HttpHandler health,
      Executor healthExecutor,
      HttpHandler next,
      int maxBodyBytes,
      long bodyDeadlineMs,
      ExchangeJson out) {
    this.cap = cap;
    this.health = health;
    this.healthExecutor = healthExecutor;
    this.next = next;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyDeadlineMs = bodyDeadlineMs;
    this.out = out;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!cap.admit(exchange)) {
      LOG.warn(
          "refused a connection from {}: more than {} open from that address",
          exchange.getSourceAddress(),
          cap.perAddress());
      out.error(
          exchange,
          503,
          "too_many_connections",
          "more than " + cap.perAddress() + " open connections from your address; close some");
      return;
    }
    if (exchange.getRequestPath().equals("/api/health")) {
      exchange.dispatch(healthExecutor, health);
      return;
    }
    if (exchange.isRequestComplete() || !Connectors.isEntityBodyAllowed(exchange)) {
      next.handleRequest(exchange);
      return;
    }
    if (exchange.getRequestContentLength() > maxBodyBytes) {
      tooLarge(exchange);
      return;
    }
    readBody(exchange);
  }

  private void readBody(HttpServerExchange exchange) {
    var done = new AtomicBoolean();
    XnioExecutor.Key timer =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (done.compareAndSet(false, true)) {
                    LOG.info(
                        "closed {}: its request body took longer than {} ms",
                        exchange.getSourceAddress(),
                        bodyDeadlineMs);
                    IoUtils.safeClose(exchange.getConnection());
                  }
                },
                bodyDeadlineMs,
                TimeUnit.MILLISECONDS);
    Receiver receiver = exchange.getRequestReceiver();
    receiver.setMaxBufferSize(maxBodyBytes);
    receiver.receiveFullBytes(
        (ex, bytes) -> {
          if (!done.compareAndSet(false, true)) {
            return;
          }
          timer.remove();
          Connectors.ungetRequestBytes(ex, new ImmediatePooledByteBuffer(ByteBuffer.wrap(bytes)));
          Connectors.resetRequestChannel(ex);
          // The receiver already runs an asynchronous callback as a root handler call.
          try {
            next.handleRequest(ex);
          } catch (Exception e) {
            LOG.error("handing a request on from {}", ex.getSourceAddress(), e);
            IoUtils.safeClose(ex.getConnection());
          }
        },
        (ex, error) -> {
          if (!done.compareAndSet(false, true)) {
            return;
          }
          timer.remove();
          if (error instanceof RequestTooBigException) {
            tooLarge(ex);
          } else {
            LOG.debug(
                "reading a request body from {}: {}", ex.getSourceAddress(), error.toString());
            IoUtils.safeClose(ex.getConnection());
          }
        });
  }

  private void tooLarge(HttpServerExchange exchange) {
    String message = "request body is larger than " + maxBodyBytes + " bytes";
    Object body =
        exchange.getRequestPath().startsWith("/api/mcp")
            ? JsonResponses.rpcError(-32600, message)
            : java.util.Map.of("detail", message);
    out.send(exchange, 413, body, true);
  }
}
