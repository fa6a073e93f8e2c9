package dev.synapse.mcp.web;

import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.KeyService;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sign-ins, held in server memory only: the browser gets a random token in a cookie,
 * never the key. Each use checks the key again, so revoking it ends the sign-in at once; a sign-in
 * unused for the idle limit is gone.
 */
final class WebSessions {
  static final String COOKIE = "synapse_web";
  private static final int MAX_SIGN_INS = 10_000;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, SignIn> byToken = new ConcurrentHashMap<>();
  private final KeyService keys;
  private final Clock clock;
  private final long idleMs;

  /** One sign-in: the key stays here, on the server. */
  record SignIn(String token, String key, String csrf, Agent agent, long lastUsedMs) {}

  WebSessions(KeyService keys, Clock clock, Duration idle) {
    this.keys = keys;
    this.clock = clock;
    this.idleMs = idle.toMillis();
  }

  /** A new sign-in for a valid key, or empty. */
  Optional<SignIn> signIn(String key) {
    if (key == null || key.isBlank()) {
      return Optional.empty();
    }
    Optional<Agent> agent = keys.authenticate(key.trim());
    if (agent.isEmpty()) {
      return Optional.empty();
    }
    sweep();
    if (byToken.size() >= MAX_SIGN_INS) {
      return Optional.empty();
    }
    var s = new SignIn(token(), key.trim(), token(), agent.get(), clock.millis());
    byToken.put(s.token(), s);
    return Optional.of(s);
  }

  /** The live sign-in this token names, its last use now; empty when unknown, idle or revoked. */
  Optional<SignIn> find(String token) {
    if (token == null) {
      return Optional.empty();
    }
    SignIn s = byToken.get(token);
    long now = clock.millis();
    if (s == null) {
      return Optional.empty();
    }
    if (now - s.lastUsedMs() > idleMs) {
      byToken.remove(token);
      return Optional.empty();
    }
    Optional<Agent> agent = keys.authenticate(s.key());
    if (agent.isEmpty()) {
      byToken.remove(token);
      return Optional.empty();
    }
    SignIn used = new SignIn(s.token(), s.key(), s.csrf(), agent.get(), now);
    byToken.put(token, used);
    return Optional.of(used);
  }

  /**
   * Whether the sign-in still stands (known, not idle, key not revoked), without counting a use.
   */
  boolean valid(String token) {
    SignIn s = token == null ? null : byToken.get(token);
    return s != null
        && clock.millis() - s.lastUsedMs() <= idleMs
        && keys.authenticate(s.key()).isPresent();
  }

  void signOut(String token) {
    if (token != null) {
      byToken.remove(token);
    }
  }

  static boolean csrfMatches(SignIn s, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            s.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  long idleSeconds() {
    return idleMs / 1000;
  }

  private void sweep() {
    long now = clock.millis();
    byToken.values().removeIf(s -> now - s.lastUsedMs() > idleMs);
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
