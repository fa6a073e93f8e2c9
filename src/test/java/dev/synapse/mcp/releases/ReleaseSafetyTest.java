package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.synapse.mcp.server.SynapseServer;
import dev.synapse.mcp.testing.McpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What must never happen: unsafe archives unpacked, corrupt ones cached, a release cached twice, a
 * release deleted under a run, a store outage leaving debris.
 */
class ReleaseSafetyTest extends ReleaseServerTest {

  private String create(Stack s, String version) throws Exception {
    return error(
        s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unsafeArchivesAreRefusedWholeAndLeaveNothing(Kind kind) throws Exception {
    Stack s = stack(kind);
    byte[] py = "x = 1\n".getBytes(StandardCharsets.UTF_8);
    Map<String, Map<String, byte[]>> cases = new LinkedHashMap<>();
    cases.put("climbs out", Map.of("plugin/../../evil-" + kind + ".py", py));
    cases.put("absolute", Map.of("/tmp/evil-" + kind + ".py", py));
    cases.put("unpacks to more than", Map.of("big.bin", new byte[(int) MAX_BYTES + 1]));
    Map<String, byte[]> many = new LinkedHashMap<>();
    for (int i = 0; i < MAX_ENTRIES + 1; i++) {
      many.put("f" + i + ".py", py);
    }
    cases.put("entries, more than", many);
    int n = 0;
    for (var c : cases.entrySet()) {
      String version = s.v("6.0." + n++);
      store.writeZip(version, c.getValue());
      assertTrue(create(s, version).contains(c.getKey()), c.getKey());
      assertNothingLeft(s, "hello@" + version);
    }
    assertFalse(Files.exists(releases().resolve("evil-" + kind + ".py")));
    assertFalse(Files.exists(Path.of("/tmp/evil-" + kind + ".py")));

    String version = s.v("6.1.0");
    Path zip = store.writeZip(version, Map.of("plugin/link.py", "/etc/passwd".getBytes()));
    StoreFolder.markSymlink(zip, "plugin/link.py");
    assertTrue(create(s, version).contains("is a symlink"));
    assertNothingLeft(s, "hello@" + version);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void corruptArchivesAreRefusedAndLeaveNothing(Kind kind) throws Exception {
    Stack s = stack(kind);
    String badSum = s.v("7.0.0");
    var packed = store.publishHello(badSum);
    Files.writeString(
        packed.zip().resolveSibling(packed.zip().getFileName() + ".sha256"),
        "0".repeat(64) + "  x.zip\n");
    assertTrue(create(s, badSum).contains("does not match its published checksum"));
    assertNothingLeft(s, "hello@" + badSum);

    String garbage = s.v("7.0.1");
    Files.createDirectories(store.zip("hello", garbage).getParent());
    Files.writeString(store.zip("hello", garbage), "this is not a zip");
    assertTrue(create(s, garbage).contains("not a zip"));
    assertNothingLeft(s, "hello@" + garbage);

    String mismatch = s.v("7.0.2");
    var other = store.publishHello(s.v("7.0.3"));
    Files.copy(other.zip(), store.zip("hello", mismatch));
    assertTrue(create(s, mismatch).contains("holds plugin hello@" + s.v("7.0.3")));
    assertNothingLeft(s, "hello@" + mismatch);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentCreatesMakeOneRowAndOneFolder(Kind kind) throws Exception {
    Stack s = stack(kind);
    String version = s.v("8.0.0");
    store.publishHello(version);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(
          pool.submit(
              () ->
                  ok(
                      new McpTestClient(s.server().url(), s.key())
                          .initialize()
                          .call(
                              "create_plugin_release",
                              Map.of("plugin", "hello", "version", version)))));
    }
    int created = 0;
    long id = -1;
    for (Future<JsonNode> f : calls) {
      JsonNode r = f.get();
      created += r.get("created").asBoolean() ? 1 : 0;
      id = id < 0 ? r.get("id").asLong() : id;
      assertEquals(id, r.get("id").asLong());
    }
    pool.shutdown();
    assertEquals(1, created);
    JsonNode page =
        ok(
            s.mcp()
                .call(
                    "list_plugin_releases",
                    Map.of("filters", Map.of("plugin", "hello", "version", version))));
    assertEquals(1, page.get("count").asInt());
    try (Stream<Path> list = Files.list(releases())) {
      assertEquals(
          1, list.filter(p -> p.getFileName().toString().contains("hello@" + version)).count());
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void deleteIsRefusedWhileARunIsUnfinished(Kind kind) throws Exception {
    Stack s = stack(kind);
    String version = s.v("8.1.0");
    String ref = "hello@" + version;
    store.publishHello(version);
    ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    JsonNode run =
        ok(
            s.mcp()
                .call(
                    "run_plugin_release",
                    Map.of(
                        "lookup",
                        ref,
                        "action",
                        "sleep",
                        "params",
                        Map.of("seconds", 60),
                        "wait_s",
                        0)));
    String refused = error(s.mcp().call("delete_plugin_release", Map.of("lookup", ref)));
    assertTrue(refused.contains("unfinished run") && refused.contains(run.get("id").asText()));
    Rest.Answer rest = s.rest().delete("plugin_releases/" + ref);
    assertEquals(409, rest.status());
    assertTrue(rest.body().get("detail").asText().contains("unfinished"));
    assertTrue(Files.isDirectory(releases().resolve(ref)));
    ok(s.mcp().call("cancel_run", Map.of("run_id", run.get("id").asText())));
    ok(s.mcp().call("delete_plugin_release", Map.of("lookup", ref)));
    assertNothingLeft(s, ref);
  }

  @Test
  void aStoreThatIsDownGivesAClearErrorAndLeavesNothing() throws Exception {
    var down = new FolderServer(store.root);
    String url = down.url();
    down.close();
    SynapseServer server = start(url);
    try {
      Stack s = stack(Kind.HTTP, server);
      String version = s.v("9.0.0");
      store.publishHello(version);
      String message = create(s, version);
      assertTrue(message.contains("unreachable"), message);
      assertNothingLeft(s, "hello@" + version);
      Rest.Answer rest =
          s.rest().post("plugin_releases/", Map.of("plugin", "hello", "version", version));
      assertEquals(503, rest.status());
      assertTrue(rest.body().get("detail").asText().contains("unreachable"));
    } finally {
      server.stop(Duration.ofSeconds(2));
    }
  }
}
