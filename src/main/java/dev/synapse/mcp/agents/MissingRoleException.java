package dev.synapse.mcp.agents;

import dev.synapse.mcp.errors.ForbiddenException;

/** A call that needs a role the caller's key lacks. */
public final class MissingRoleException extends ForbiddenException {
  public MissingRoleException(String agent, Role role) {
    super("agent '" + agent + "' lacks role '" + role.wire() + "' for this call");
  }
}
