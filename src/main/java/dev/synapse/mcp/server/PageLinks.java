package dev.synapse.mcp.server;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DRF's {@code next}/{@code previous}: this request's absolute URL with {@code page} replaced (and
 * dropped for page 1), every other query parameter kept as sent.
 */
final class PageLinks {
  private PageLinks() {}

  static String to(HttpServletRequest req, int page) {
    List<String> query = new ArrayList<>();
    for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
      if (e.getKey().equals("page")) {
        continue;
      }
      for (String v : e.getValue()) {
        query.add(encode(e.getKey()) + "=" + encode(v));
      }
    }
    if (page > 1) {
      query.add("page=" + page);
    }
    String base = req.getRequestURL().toString();
    return query.isEmpty() ? base : base + "?" + String.join("&", query);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
