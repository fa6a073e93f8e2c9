package dev.synapse.mcp.agents;

import java.util.Set;
import java.util.stream.Collectors;

/** The caller, as its key identifies it. */
public record Agent(long id, String name, Set<Role> roles) {
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
