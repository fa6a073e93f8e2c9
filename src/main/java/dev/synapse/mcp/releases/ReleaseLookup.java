package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidFieldException;

/** How a caller names a release: its numeric id or {@code code@version}. One of the two is set. */
public record ReleaseLookup(Long id, ReleaseRef ref) {

  static ReleaseLookup parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty()) {
      throw new InvalidFieldException("lookup", "lookup is required: a release id or code@version");
    }
    if (t.chars().allMatch(Character::isDigit)) {
      try {
        return new ReleaseLookup(Long.parseLong(t), null);
      } catch (NumberFormatException e) {
        throw new InvalidFieldException("lookup", "release id '" + t + "' is too large");
      }
    }
    int at = t.lastIndexOf('@');
    if (at <= 0 || at == t.length() - 1) {
      throw new InvalidFieldException(
          "lookup", "lookup must be a release id or code@version; got '" + t + "'");
    }
    return new ReleaseLookup(null, new ReleaseRef(t.substring(0, at), t.substring(at + 1)));
  }

  @Override
  public String toString() {
    return id != null ? String.valueOf(id) : ref.toString();
  }
}
