package dev.synapse.mcp.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds escaped HTML. Every value goes through {@link #text}; markup only comes from string
 * literals in this package, so a name holding {@code <script>} renders as text.
 */
final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private final StringBuilder out = new StringBuilder(4096);

  /** Appends markup written in this package (never a value). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends a value, escaped for text and attribute context alike. */
  Html text(Object value) {
    out.append(escape(value == null ? "" : String.valueOf(value)));
    return this;
  }

  Html time(Instant at) {
    return text(at == null ? "" : TIME.format(at));
  }

  /** {@code <tag attr="value">}: the value escaped. */
  Html open(String tag, String... attrs) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attrs.length; i += 2) {
      out.append(' ').append(attrs[i]).append("=\"").append(escape(attrs[i + 1])).append('"');
    }
    out.append('>');
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag>value</tag>}. */
  Html el(String tag, Object value, String... attrs) {
    return open(tag, attrs).text(value).close(tag);
  }

  Html link(String href, Object label) {
    return el("a", label, "href", href);
  }

  /** A POST form of one button, with the CSRF token. */
  Html button(String action, String csrf, String label, String cls) {
    open("form", "method", "post", "action", action, "class", "inline");
    hidden("csrf", csrf);
    return el("button", label, "type", "submit", "class", cls).close("form");
  }

  Html hidden(String name, String value) {
    return open("input", "type", "hidden", "name", name, "value", value);
  }

  /**
   * Escaped for HTML text and quoted attributes alike, by the OWASP Java Encoder (which also drops
   * characters HTML may not carry, such as unpaired surrogates and most control characters).
   */
  static String escape(String s) {
    return org.owasp.encoder.Encode.forHtml(s);
  }

  static String url(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
