package dev.synapse.mcp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths tests share within one build: the example plugins, and one SYNAPSE_HOME whose virtualenvs
 * are reused by every test class (building them is the slow part); each test still gets its own
 * database.
 */
public final class TestHome {
  private TestHome() {}

  public static Path repo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("pom.xml"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no pom.xml above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  public static Path examples() {
    return repo().resolve("examples/plugins");
  }

  public static Path brokenExamples() {
    return repo().resolve("examples/broken-plugins");
  }

  public static Path shared() {
    try {
      return Files.createDirectories(repo().resolve("target/test-home"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
