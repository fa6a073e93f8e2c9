package dev.synapse.mcp.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, in a registry of its own (never the client's global default, so
 * two servers in one JVM, as in the tests, count apart). Counts of stored things are read when
 * scraped.
 */
public final class Metrics {
  private static final double[] CALL_BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };
  private static final double[] BUILD_BOUNDS = {1, 5, 15, 30, 60, 120, 300, 600, 1800};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter toolCalls;
  private final Histogram toolSeconds;
  private final Histogram storeSeconds;
  private final Counter envBuilds;
  private final Histogram envBuildSeconds;

  public Metrics() {
    this.toolCalls =
        Counter.builder()
            .name("synapse_tool_calls_total")
            .help("MCP tool calls by tool and outcome (ok, error)")
            .labelNames("tool", "outcome")
            .register(registry);
    this.toolSeconds =
        Histogram.builder()
            .name("synapse_tool_call_seconds")
            .help("MCP tool call latency by tool")
            .labelNames("tool")
            .classicOnly()
            .classicUpperBounds(CALL_BOUNDS)
            .withoutExemplars()
            .register(registry);
    this.storeSeconds =
        Histogram.builder()
            .name("synapse_store_seconds")
            .help("Time of store work by kind (read, write: queued and committed)")
            .labelNames("op")
            .classicOnly()
            .classicUpperBounds(CALL_BOUNDS)
            .withoutExemplars()
            .register(registry);
    this.envBuilds =
        Counter.builder()
            .name("synapse_environment_builds_total")
            .help("Plugin environment builds by outcome (ready, failed, stopped)")
            .labelNames("outcome")
            .register(registry);
    this.envBuildSeconds =
        Histogram.builder()
            .name("synapse_environment_build_seconds")
            .help("Plugin environment build time")
            .classicOnly()
            .classicUpperBounds(BUILD_BOUNDS)
            .withoutExemplars()
            .register(registry);
    for (String outcome : new String[] {"ready", "failed", "stopped"}) {
      envBuilds.initLabelValues(outcome);
    }
    storeSeconds.initLabelValues("read");
    storeSeconds.initLabelValues("write");
  }

  /** Shows a tool's series at zero before its first call (an absent series is not a zero). */
  void knownTool(String tool) {
    toolCalls.initLabelValues(tool, "ok");
    toolCalls.initLabelValues(tool, "error");
    toolSeconds.initLabelValues(tool);
  }

  public void toolCall(String tool, boolean ok, long nanos) {
    toolCalls.labelValues(tool, ok ? "ok" : "error").inc();
    toolSeconds.labelValues(tool).observe(nanos / 1e9);
  }

  public void store(String op, long nanos) {
    storeSeconds.labelValues(op).observe(nanos / 1e9);
  }

  public void environmentBuild(String outcome, long nanos) {
    envBuilds.labelValues(outcome).inc();
    envBuildSeconds.observe(nanos / 1e9);
  }

  /** Gauges read at scrape time: counts by label value(s) joined with a tab. */
  public void gauge(String name, String help, String[] labels, Supplier<Map<String, Long>> read) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labels)
        .callback(cb -> read.get().forEach((key, value) -> cb.call(value, key.split("\t", -1))))
        .register(registry);
  }

  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  public byte[] scrape() {
    var out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
