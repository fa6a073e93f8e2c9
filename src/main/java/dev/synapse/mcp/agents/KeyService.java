package dev.synapse.mcp.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issues, lists, revokes and checks API keys. A key is {@code syn_} + 40 hex chars; only its
 * SHA-256 is stored, found by its first 8 chars and compared in constant time.
 */
public final class KeyService {
  public static final Set<Role> DEFAULT_ROLES = EnumSet.of(Role.SESSION, Role.RUN, Role.RELEASE);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern KEY = Pattern.compile("syn_[0-9a-f]{40}");
  private static final int PREFIX_LEN = 12;

  private final KeyStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public KeyService(KeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Creates the agent if needed and a new key for it; returns the key, which is never shown again.
   */
  public String create(String agentName, Set<Role> roles) {
    if (agentName == null || !NAME.matcher(agentName).matches()) {
      throw new dev.synapse.mcp.errors.InvalidInputException(
          "key name must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
    }
    if (roles.isEmpty()) {
      throw new dev.synapse.mcp.errors.InvalidInputException("a key needs at least one role");
    }
    byte[] secret = new byte[20];
    random.nextBytes(secret);
    String key = "syn_" + HexFormat.of().formatHex(secret);
    long now = clock.millis();
    store.addKey(
        agentName,
        key.substring(0, PREFIX_LEN),
        hash(key),
        roles.stream().map(Role::wire).sorted().collect(Collectors.joining(",")),
        now);
    return key;
  }

  /** The agent a presented key belongs to, if the key is well-formed, known and not revoked. */
  public Optional<Agent> authenticate(String presented) {
    if (presented == null || !KEY.matcher(presented).matches()) {
      return Optional.empty();
    }
    byte[] digest = hash(presented);
    for (KeyStore.StoredKey k : store.liveKeys(presented.substring(0, PREFIX_LEN))) {
      if (MessageDigest.isEqual(digest, k.hash())) {
        return Optional.of(
            new Agent(
                k.agentId(),
                k.agentName(),
                parseRoles(k.roles()),
                presented.substring(0, PREFIX_LEN)));
      }
    }
    return Optional.empty();
  }

  /**
   * The agent for an unauthenticated loopback deployment (tests, conformance): created on first
   * use.
   */
  public Agent anonymous() {
    return local("anonymous");
  }

  /** An agent acting on this machine without a key (the CLI), with every role. */
  public Agent local(String name) {
    long now = clock.millis();
    long id = store.agent(name, now);
    return new Agent(id, name, EnumSet.of(Role.ADMIN));
  }

  public boolean anyKeys() {
    return store.anyKeys();
  }

  public List<ApiKeyInfo> list() {
    return store.list();
  }

  /** Revokes every live key of the agent; returns how many. */
  public int revoke(String agentName) {
    return store.revoke(agentName, clock.millis());
  }

  public static Set<Role> parseRoles(String csv) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        roles.add(Role.parse(part));
      }
    }
    return roles;
  }

  private static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
