package dev.synapse.mcp.agents;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The caller, as its key identifies it; {@code keyPrefix} is the presented key's first characters
 * (for the audit trail), null for callers without a key.
 */
public record Agent(long id, String name, Set<Role> roles, String keyPrefix) {
  public Agent(long id, String name, Set<Role> roles) {
    this(id, name, roles, null);
  }

  public boolean has(Role role) {
    return roles.contains(role) || roles.contains(Role.ADMIN);
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  /** Refuses the call with a message naming the missing role. */
  public void require(Role role) {
    if (!has(role)) {
      throw new MissingRoleException(name, role);
    }
  }

  public java.util.List<String> roleNames() {
    return roles.stream().map(Role::wire).sorted().collect(Collectors.toList());
  }
}
