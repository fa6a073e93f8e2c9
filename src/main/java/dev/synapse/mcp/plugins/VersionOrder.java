package dev.synapse.mcp.plugins;

/** Orders versions like 1.2.10 > 1.2.9, comparing numeric parts as numbers and the rest as text. */
record VersionOrder(String version) implements Comparable<VersionOrder> {
  @Override
  public int compareTo(VersionOrder other) {
    String[] a = version.split("[.+-]");
    String[] b = other.version.split("[.+-]");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "0";
      String y = i < b.length ? b[i] : "0";
      int c =
          x.matches("\\d+") && y.matches("\\d+")
              ? Long.compare(Long.parseLong(x), Long.parseLong(y))
              : x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
