package dev.synapse.mcp.agents;

import java.util.List;

/** Where agents and the hashes of their API keys are kept. Times are epoch milliseconds. */
public interface KeyStore {
  /** The agent's id, creating the agent on first use. */
  long agent(String name, long now);

  /** Stores a key's hash for the agent (created if needed). */
  void addKey(String agentName, String prefix, byte[] hash, String roles, long now);

  /** The live (unrevoked) keys whose visible prefix is {@code prefix}. */
  List<StoredKey> liveKeys(String prefix);

  boolean anyKeys();

  /** Every key, live or revoked, by agent name then age. */
  List<ApiKeyInfo> list();

  /** Revokes every live key of the agent; returns how many. */
  int revoke(String agentName, long now);

  /** A key's hash and roles with its agent. */
  record StoredKey(byte[] hash, String roles, long agentId, String agentName) {}
}
