package dev.synapse.mcp.runs.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synapse.mcp.agents.Agent;
import dev.synapse.mcp.agents.Role;
import dev.synapse.mcp.errors.ConflictException;
import dev.synapse.mcp.errors.ForbiddenException;
import dev.synapse.mcp.errors.InvalidInputException;
import dev.synapse.mcp.errors.NotFoundException;
import dev.synapse.mcp.ray.ClusterPythonCheck;
import dev.synapse.mcp.runs.RayCluster;
import dev.synapse.mcp.runs.RunExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code task} mode as the server's assembly sees it: the executor, the warm actors it keeps (list
 * and stop, for the MCP tools), and the Ray driver child process behind them.
 */
public final class RayActors implements AutoCloseable {
  private final RayDriver driver;
  private final RayActorExecutor executor;
  private final ObjectMapper json;

  public RayActors(
      RayCluster cluster, Path runnerDir, Path home, ObjectMapper json, ExecutorService threads) {
    this.driver = new RayDriver(cluster, runnerDir, home.resolve("ray"), json);
    this.executor =
        new RayActorExecutor(
            driver,
            runnerDir,
            json,
            threads,
            new ClusterPythonCheck(cluster.dashboardUrl(), cluster.token()));
    this.json = json;
  }

  public RunExecutor executor() {
    return executor;
  }

  /**
   * The warm actors in the cluster (any server's), with their pid and how many runs they served.
   */
  public List<Map<String, Object>> list(Agent agent) {
    agent.require(Role.RUN);
    JsonNode answer = ask(json.createObjectNode().put("op", "list"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode a : answer.path("actors")) {
      var row = new LinkedHashMap<String, Object>();
      String name = a.path("name").asText();
      row.put("name", name);
      row.put("plugin", name.substring(RayDriverMain.ACTOR_PREFIX.length(), name.lastIndexOf(':')));
      row.put("actor_id", a.path("actor_id").asText());
      row.put("state", a.path("state").asText());
      row.put("node_ip", a.path("node_ip").asText(null));
      JsonNode info = info(name);
      if (info != null) {
        row.put("pid", info.path("pid").asLong());
        row.put("runs_served", info.path("runs_served").asLong());
        row.put("active_runs", info.path("active").size());
        row.put("isolated_env", info.path("isolated").asBoolean());
      }
      out.add(row);
    }
    return out;
  }

  /** Kills a warm actor by name; the next run of its plugin starts a new one. */
  public Map<String, Object> stop(Agent agent, String name) {
    agent.require(Role.RUN);
    if (name == null || !name.startsWith(RayDriverMain.ACTOR_PREFIX)) {
      throw new InvalidInputException(
          "name must be a warm actor's name as list_ray_actors shows it (synapse:<plugin>@<version>:<hash>)");
    }
    if (!agent.isAdmin() && !executor.owner(name).equals(java.util.Optional.of(agent.id()))) {
      throw new ForbiddenException(
          "warm actor "
              + name
              + " was not started by your runs; only the agent whose run started it, or an admin,"
              + " may stop it");
    }
    JsonNode answer = ask(json.createObjectNode().put("op", "kill").put("actor", name));
    if (!answer.path("killed").asBoolean()) {
      throw new NotFoundException("no warm Ray actor named " + name + "; see list_ray_actors");
    }
    executor.forget(name);
    return Map.of("name", name, "stopped", true);
  }

  private JsonNode info(String name) {
    ObjectNode req = json.createObjectNode();
    req.put("op", "call").put("actor", name).put("init", "").put("method", "info");
    req.put("arg", "{}").put("timeout_ms", 5000);
    try {
      JsonNode answer = driver.request(req, 10_000);
      return answer.path("ok").asBoolean() ? json.readTree(answer.path("reply").asText()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  private JsonNode ask(ObjectNode req) {
    try {
      JsonNode answer = driver.request(req, 30_000);
      if (!answer.path("ok").asBoolean()) {
        throw new RayProblem("Ray answered: " + answer.path("error").asText());
      }
      return answer;
    } catch (RayUnavailableException e) {
      throw new RayProblem(e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.close();
  }

  /** A Ray problem reported to the caller as one line. */
  static final class RayProblem extends ConflictException {
    RayProblem(String message) {
      super(message);
    }
  }
}
