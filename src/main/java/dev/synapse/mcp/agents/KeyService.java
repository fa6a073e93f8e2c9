package dev.synapse.mcp.agents;

import dev.synapse.mcp.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public KeyService(Database db, Clock clock) {
    this.db = db;
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
    db.write(
        c -> {
          long agentId = agentId(c, agentName, now);
          try (var ps =
              c.prepareStatement(
                  "INSERT INTO api_keys(agent_id, prefix, key_hash, roles, created_at) VALUES (?,?,?,?,?)")) {
            ps.setLong(1, agentId);
            ps.setString(2, key.substring(0, PREFIX_LEN));
            ps.setBytes(3, hash(key));
            ps.setString(
                4, roles.stream().map(Role::wire).sorted().collect(Collectors.joining(",")));
            ps.setLong(5, now);
            ps.executeUpdate();
          }
          return null;
        });
    return key;
  }

  /** The agent a presented key belongs to, if the key is well-formed, known and not revoked. */
  public Optional<Agent> authenticate(String presented) {
    if (presented == null || !KEY.matcher(presented).matches()) {
      return Optional.empty();
    }
    byte[] digest = hash(presented);
    return db.read(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "SELECT k.key_hash, k.roles, a.id, a.name FROM api_keys k JOIN agents a ON a.id = k.agent_id"
                      + " WHERE k.prefix = ? AND k.revoked_at IS NULL")) {
            ps.setString(1, presented.substring(0, PREFIX_LEN));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (MessageDigest.isEqual(digest, rs.getBytes(1))) {
                  return Optional.of(
                      new Agent(
                          rs.getLong(3),
                          rs.getString(4),
                          parseRoles(rs.getString(2)),
                          presented.substring(0, PREFIX_LEN)));
                }
              }
            }
          }
          return Optional.<Agent>empty();
        });
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
    long id = db.write(c -> agentId(c, name, now));
    return new Agent(id, name, EnumSet.of(Role.ADMIN));
  }

  public boolean anyKeys() {
    return db.read(
        c -> {
          try (var rs = c.createStatement().executeQuery("SELECT 1 FROM api_keys LIMIT 1")) {
            return rs.next();
          }
        });
  }

  public List<ApiKeyInfo> list() {
    return db.read(
        c -> {
          List<ApiKeyInfo> out = new ArrayList<>();
          try (var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT a.name, k.prefix, k.roles, k.created_at, k.revoked_at FROM api_keys k"
                          + " JOIN agents a ON a.id = k.agent_id ORDER BY a.name, k.created_at")) {
            while (rs.next()) {
              long revoked = rs.getLong(5);
              // asked right after reading column 5: wasNull() describes the last column read
              boolean live = rs.wasNull();
              out.add(
                  new ApiKeyInfo(
                      rs.getString(1),
                      rs.getString(2),
                      Arrays.asList(rs.getString(3).split(",")),
                      Instant.ofEpochMilli(rs.getLong(4)),
                      live ? null : Instant.ofEpochMilli(revoked)));
            }
          }
          return out;
        });
  }

  /** Revokes every live key of the agent; returns how many. */
  public int revoke(String agentName) {
    long now = clock.millis();
    return db.write(
        c -> {
          try (var ps =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE revoked_at IS NULL"
                      + " AND agent_id = (SELECT id FROM agents WHERE name = ?)")) {
            ps.setLong(1, now);
            ps.setString(2, agentName);
            return ps.executeUpdate();
          }
        });
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

  private static long agentId(Connection c, String name, long now) throws SQLException {
    try (var ps =
        c.prepareStatement("INSERT OR IGNORE INTO agents(name, created_at) VALUES (?, ?)")) {
      ps.setString(1, name);
      ps.setLong(2, now);
      ps.executeUpdate();
    }
    try (var ps = c.prepareStatement("SELECT id FROM agents WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
