package dev.synapse.mcp.ray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU, GPU and memory an action asks Ray for: {@code resources: {num_cpus, num_gpus, memory}}
 * on the action in {@code config.yaml}, else on the plugin (memory in bytes). Unset fields are left
 * to Ray's defaults.
 */
public record RayResources(Double numCpus, Double numGpus, Long memory) {
  public static RayResources of(JsonNode manifest, JsonNode action) {
    JsonNode r = action == null ? null : action.get("resources");
    if (r == null || !r.isObject()) {
      r = manifest.path("resources");
    }
    return new RayResources(number(r, "num_cpus"), number(r, "num_gpus"), bytes(r));
  }

  public boolean any() {
    return numCpus != null || numGpus != null || memory != null;
  }

  /** The Jobs API's entrypoint fields for this request. */
  public ObjectNode jobFields() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (numCpus != null) {
      out.put("entrypoint_num_cpus", numCpus);
    }
    if (numGpus != null) {
      out.put("entrypoint_num_gpus", numGpus);
    }
    if (memory != null) {
      out.put("entrypoint_memory", memory);
    }
    return out;
  }

  /** {@code num_gpus=1, memory=…} as a person reads it. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (numCpus != null) {
      parts.add("num_cpus=" + plain(numCpus));
    }
    if (numGpus != null) {
      parts.add("num_gpus=" + plain(numGpus));
    }
    if (memory != null) {
      parts.add("memory=" + memory);
    }
    return String.join(", ", parts);
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static Double number(JsonNode r, String key) {
    JsonNode v = r.get(key);
    return v != null && v.isNumber() && v.asDouble() >= 0 ? v.asDouble() : null;
  }

  private static Long bytes(JsonNode r) {
    JsonNode v = r.get("memory");
    return v != null && v.canConvertToLong() && v.asLong() > 0 ? v.asLong() : null;
  }
}
