package dev.synapse.mcp.cli;

import java.util.Map;

/**
 * Sets up slf4j-simple before the first logger exists: one line per event on stderr, libraries kept
 * quiet.
 */
final class Logging {
  private Logging() {}

  static void configure(Map<String, String> env) {
    String level = env.getOrDefault("SYNAPSE_LOG_LEVEL", "info");
    set("org.slf4j.simpleLogger.defaultLogLevel", level);
    set("org.slf4j.simpleLogger.logFile", "System.err");
    set("org.slf4j.simpleLogger.showDateTime", "true");
    set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
    set("org.slf4j.simpleLogger.showThreadName", "false");
    set("org.slf4j.simpleLogger.levelInBrackets", "true");
    set("org.slf4j.simpleLogger.showShortLogName", "true");
    for (String noisy :
        new String[] {"io.undertow", "org.xnio", "io.modelcontextprotocol", "reactor"}) {
      set("org.slf4j.simpleLogger.log." + noisy, "debug".equals(level) ? "info" : "warn");
    }
    set("org.jboss.logging.provider", "slf4j");
  }

  private static void set(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
