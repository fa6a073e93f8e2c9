package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidFieldException;
import java.util.regex.Pattern;

/**
 * A release's identity, {@code code@version}. Both parts become path segments and URL segments, so
 * they are checked strictly: no separators, no dot-only names.
 */
public record ReleaseRef(String code, String version) {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");

  public ReleaseRef {
    if (code == null || code.isBlank()) {
      throw new InvalidFieldException("plugin", "plugin is required (the plugin's code)");
    }
    if (!CODE.matcher(code).matches()) {
      throw new InvalidFieldException(
          "plugin",
          "plugin must be a plugin code (letters, digits, '_', '.', '-'); got '" + code + "'");
    }
    if (version == null || version.isBlank()) {
      throw new InvalidFieldException("version", "version is required (e.g. 1.0.0)");
    }
    if (!VERSION.matcher(version).matches() || version.contains("..")) {
      throw new InvalidFieldException(
          "version",
          "version must be letters, digits, '.', '_', '+' or '-' (no '..'); got '"
              + version.replaceAll("[\\p{Cc}\\p{Cf}]", "?")
              + "'");
    }
  }

  @Override
  public String toString() {
    return code + "@" + version;
  }
}
