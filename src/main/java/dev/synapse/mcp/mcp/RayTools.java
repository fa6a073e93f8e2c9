package dev.synapse.mcp.mcp;

import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.runs.task.RayActors;
import java.util.List;
import java.util.Map;

/** list_ray_actors, stop_ray_actor: the warm actors of task mode. */
final class RayTools {
  private final RayActors actors;

  /** {@code actors} is null when Ray is not configured. */
  RayTools(RayActors actors) {
    this.actors = actors;
  }

  void register(Map<String, ToolHandler> handlers) {
    handlers.put(
        "list_ray_actors",
        (agent, a, call) -> {
          List<Map<String, Object>> list = configured().list(agent);
          return Map.of("actors", list, "count", list.size());
        });
    handlers.put("stop_ray_actor", (agent, a, call) -> configured().stop(agent, a.string("name")));
  }

  private RayActors configured() {
    if (actors == null) {
      throw new InvalidInputException(
          "Ray is not configured: set RAY_ADDRESS (the cluster's GCS host:port) to use task mode");
    }
    return actors;
  }
}
