package dev.synapse.mcp.releases;

import dev.synapse.mcp.errors.InvalidFieldException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request to run a release's action, as MCP and REST receive it. {@code data} is the v1 payload
 * ({@code action}, {@code params}, {@code job_id}, {@code requirements}): when given it wins over
 * the separate fields, as the agent client sends either one or the other.
 */
public record ReleaseRunRequest(
    String action,
    Object params,
    List<String> requirements,
    String jobId,
    Map<String, Object> data,
    String mode,
    String runId,
    Integer timeoutS) {

  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  /** The request with {@code data} applied and checked. */
  ReleaseRunRequest resolved() {
    if (data == null) {
      return checked(this);
    }
    return checked(
        new ReleaseRunRequest(
            string(data.get("action"), "action"),
            data.get("params"),
            strings(data.get("requirements"), requirements),
            string(data.get("job_id"), "job_id"),
            null,
            mode,
            runId,
            timeoutS));
  }

  private static ReleaseRunRequest checked(ReleaseRunRequest r) {
    if (r.action() == null || r.action().isBlank()) {
      throw new InvalidFieldException("action", "action is required (or data.action)");
    }
    if (r.params() != null && !(r.params() instanceof Map)) {
      throw new InvalidFieldException("params", "params must be a JSON object");
    }
    checkJobId(r.jobId());
    return r;
  }

  static void checkJobId(String jobId) {
    if (jobId != null && !JOB_ID.matcher(jobId).matches()) {
      throw new InvalidFieldException(
          "job_id", "job_id must be 1-100 letters, digits, '_' or '-'; got '" + jobId + "'");
    }
  }

  private static String string(Object v, String field) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw new InvalidFieldException(field, "data." + field + " must be a string");
  }

  private static List<String> strings(Object v, List<String> fallback) {
    if (v == null) {
      return fallback;
    }
    if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
      return list.stream().map(String.class::cast).toList();
    }
    throw new InvalidFieldException("requirements", "data.requirements must be a list of strings");
  }
}
