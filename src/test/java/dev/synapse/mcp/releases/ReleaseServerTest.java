package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.agents.KeyService;
import dev.synapse.mcp.server.ServerConfig;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import dev.synapse.mcp.testing.TempDirs;
import dev.synapse.mcp.testing.TestHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real servers on port 0, each with its own temp database and the shared test home (virtualenvs
 * are reused): one fetching from a store folder, one from the same folder served over HTTP. Tests
 * take a {@link Kind} and run against both; versions carry the kind, so the two never share a
 * cached folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReleaseServerTest {
  /** Small caps, so oversize archives are cheap to build. */
  static final long MAX_BYTES = 2_000_000;

  static final int MAX_ENTRIES = 200;

  enum Kind {
    FOLDER,
    HTTP
  }

  /** One server and its clients. */
  record Stack(
      Kind kind, SynapseServer server, String key, McpTestClient mcp, Rest rest, Rest anonymous) {
    /** A version unique to this stack. */
    String v(String base) {
      return base + "-" + kind.name().toLowerCase();
    }
  }

  Path dir;
  StoreFolder store;
  FolderServer http;
  final Map<Kind, Stack> stacks = new EnumMap<>(Kind.class);

  @BeforeAll
  void start() throws Exception {
    dir = TempDirs.create("releases-test");
    store = new StoreFolder();
    http = new FolderServer(store.root);
    stacks.put(Kind.FOLDER, stack(Kind.FOLDER, store.root.toString()));
    stacks.put(Kind.HTTP, stack(Kind.HTTP, http.url()));
  }

  Stack stack(Kind kind, String storeLocation) throws Exception {
    return stack(kind, start(storeLocation));
  }

  Stack stack(Kind kind, SynapseServer server) throws Exception {
    String key = server.keys().create("releaser", KeyService.DEFAULT_ROLES);
    return new Stack(
        kind,
        server,
        key,
        new McpTestClient(server.url(), key).initialize(),
        new Rest(server.url(), key),
        new Rest(server.url(), null));
  }

  SynapseServer start(String storeLocation) {
    Map<String, String> flags = new HashMap<>();
    flags.put("port", "0");
    flags.put("db", dir.resolve("s-" + System.nanoTime() + ".db").toString());
    flags.put("home", TestHome.shared().toString());
    flags.put("plugin-path", TestHome.examples().toString());
    if (storeLocation != null) {
      flags.put("plugin-store", storeLocation);
    }
    Map<String, String> env =
        Map.of(
            "SYNAPSE_RELEASE_MAX_BYTES", String.valueOf(MAX_BYTES),
            "SYNAPSE_RELEASE_MAX_ENTRIES", String.valueOf(MAX_ENTRIES));
    return SynapseServer.start(ServerConfig.resolve(env, flags), Clock.systemUTC());
  }

  Stack stack(Kind kind) {
    return stacks.get(kind);
  }

  @AfterAll
  void stop() {
    stacks.values().forEach(s -> s.server().stop(Duration.ofSeconds(5)));
    http.close();
    store.delete();
    TempDirs.delete(dir);
  }

  static JsonNode ok(JsonNode result) {
    assertFalse(result.path("isError").asBoolean(), result.toString());
    return result.get("structuredContent");
  }

  static String error(JsonNode result) {
    assertTrue(result.path("isError").asBoolean(), result.toString());
    String text = result.at("/content/0/text").asText();
    assertFalse(
        text.contains("\n") || text.contains("Exception") || text.contains("at java."), text);
    return text;
  }

  static Path releases() {
    return TestHome.shared().resolve("releases");
  }

  /** No row, no folder, no work folder: a failed create left nothing behind. */
  static void assertNothingLeft(Stack s, String ref) throws Exception {
    assertTrue(
        error(s.mcp().call("get_plugin_release", Map.of("lookup", ref))).contains("not found"),
        ref);
    assertFalse(Files.exists(releases().resolve(ref)), ref + " folder exists");
    assertTrue(workFolders(ref) == 0, "work folders of " + ref + " left");
  }

  static long workFolders(String ref) throws IOException {
    if (!Files.isDirectory(releases())) {
      return 0;
    }
    try (Stream<Path> list = Files.list(releases())) {
      return list.filter(p -> p.getFileName().toString().startsWith(".tmp-" + ref + "-")).count();
    }
  }
}
