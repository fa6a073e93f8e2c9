package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The release tools over MCP, against a folder store and an HTTP store. */
class ReleaseToolsTest extends ReleaseServerTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void createIsIdempotentAndGetListDeleteFindIt(Kind kind) throws Exception {
    Stack s = stack(kind);
    String version = s.v("1.0.0");
    store.publishHello(version);
    JsonNode created =
        ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    assertTrue(created.get("created").asBoolean());
    assertEquals("hello", created.get("plugin").asText());
    assertEquals("hello@" + version, created.get("lookup").asText());
    assertTrue(created.get("actions").toString().contains("\"add\""), created.toString());
    assertEquals(64, created.get("sha256").asText().length());
    assertTrue(created.get("source").asText().endsWith("hello/" + version + ".zip"));
    assertTrue(Files.isRegularFile(releases().resolve("hello@" + version).resolve("config.yaml")));
    long id = created.get("id").asLong();

    JsonNode again =
        ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    assertFalse(again.get("created").asBoolean());
    assertEquals(id, again.get("id").asLong());

    ReleaseFolders.deleteQuietly(releases().resolve("hello@" + version));
    JsonNode healed =
        ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    assertEquals(id, healed.get("id").asLong());
    assertTrue(
        Files.isRegularFile(releases().resolve("hello@" + version).resolve("config.yaml")),
        "a cleaned cache is fetched again");

    assertEquals(
        "hello@" + version,
        ok(s.mcp().call("get_plugin_release", Map.of("lookup", String.valueOf(id))))
            .get("lookup")
            .asText());
    assertEquals(
        id, ok(s.mcp().call("get_plugin_release", Map.of("lookup", id))).get("id").asLong());
    assertEquals(
        id,
        ok(s.mcp().call("get_plugin_release", Map.of("lookup", "hello@" + version)))
            .get("id")
            .asLong());
    JsonNode page =
        ok(
            s.mcp()
                .call(
                    "list_plugin_releases",
                    Map.of("filters", Map.of("plugin", "hello", "version", version))));
    assertEquals(1, page.get("count").asInt());
    assertTrue(page.get("next_page").isNull());

    JsonNode deleted =
        ok(s.mcp().call("delete_plugin_release", Map.of("lookup", "hello@" + version)));
    assertTrue(deleted.get("deleted").asBoolean());
    assertNothingLeft(s, "hello@" + version);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void runPluginReleaseReturnsTheResultAndSaysWhyItRanLocally(Kind kind) throws Exception {
    Stack s = stack(kind);
    String version = s.v("1.1.0");
    store.publishHello(version);
    ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    String ref = "hello@" + version;
    JsonNode run =
        ok(
            s.mcp()
                .call(
                    "run_plugin_release",
                    Map.of(
                        "lookup",
                        ref,
                        "action",
                        "add",
                        "params",
                        Map.of("a", 2, "b", 3),
                        "job_id",
                        "job-abc_1")));
    assertEquals("succeeded", run.get("status").asText(), run.toString());
    assertEquals(5, run.at("/result/sum").asInt());
    assertEquals("job-abc_1", run.get("job_id").asText());
    assertEquals(ref, run.get("release").asText());
    assertEquals("local", run.get("mode").asText());
    assertTrue(run.get("note").asText().contains("Ray is not configured"), run.toString());

    JsonNode legacy =
        ok(
            s.mcp()
                .call(
                    "run_plugin_release",
                    Map.of(
                        "lookup",
                        ref,
                        "action",
                        "fail",
                        "data",
                        Map.of(
                            "action", "add", "params", Map.of("a", 1, "b", 1), "job_id", "v1"))));
    assertEquals(2, legacy.at("/result/sum").asInt(), "data wins: " + legacy);
    assertEquals("v1", legacy.get("job_id").asText());

    JsonNode pending =
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
                        Map.of("seconds", 1),
                        "wait_s",
                        0)));
    assertFalse(pending.get("done").asBoolean());
    assertTrue(pending.get("message").asText().contains("wait_run"), pending.toString());

    assertTrue(
        error(s.mcp().call("run_plugin_release", Map.of("lookup", ref, "action", "ad")))
            .contains("has no action 'ad'"));
    assertTrue(
        error(s.mcp().call("run_plugin_release", Map.of("lookup", ref)))
            .contains("action is required"));
    assertTrue(
        error(
                s.mcp()
                    .call(
                        "run_plugin_release",
                        Map.of("lookup", "hello@0.0.0-none", "action", "add")))
            .contains("not found"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void runDebugPluginReleaseRunsFromSourceWithoutCreatingARelease(Kind kind) throws Exception {
    Stack s = stack(kind);
    int before = ok(s.mcp().call("list_plugin_releases", Map.of())).get("count").asInt();
    JsonNode run =
        ok(
            s.mcp()
                .call(
                    "run_debug_plugin_release",
                    Map.of(
                        "action",
                        "add",
                        "params",
                        Map.of("a", 10, "b", 1),
                        "plugin_path",
                        "hello",
                        "modules",
                        Map.of(
                            "plugin.add",
                            "def add(params, ctx):\n    return {'diff': params['a'] - params['b']}\n"))));
    assertEquals(9, run.at("/result/diff").asInt(), run.toString());
    assertTrue(run.get("note").asText().contains("local"));
    assertEquals(before, ok(s.mcp().call("list_plugin_releases", Map.of())).get("count").asInt());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void badLookupsAndFiltersGetOneLineErrors(Kind kind) throws Exception {
    Stack s = stack(kind);
    assertTrue(
        error(s.mcp().call("get_plugin_release", Map.of("lookup", "hello")))
            .contains("code@version"));
    assertTrue(
        error(s.mcp().call("list_plugin_releases", Map.of("filters", Map.of("colour", "red"))))
            .contains("unknown filter 'colour'"));
    assertTrue(
        error(s.mcp().call("list_plugin_releases", Map.of("page_size", 1000)))
            .contains("page_size"));
    assertTrue(
        error(s.mcp().call("create_plugin_release", Map.of("plugin", "../etc", "version", "1")))
            .contains("plugin must be a plugin code"));
    assertTrue(
        error(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", "../1")))
            .contains("version must be"));
  }

  @org.junit.jupiter.api.Test
  void listPluginReleasesPagesOverMcp() throws Exception {
    Stack s = stack(Kind.FOLDER);
    java.util.Set<String> made = new java.util.TreeSet<>();
    for (int i = 0; i < 3; i++) {
      String version = s.v("5.0." + i);
      store.publishHello(version);
      ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
      made.add(version);
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    Integer page = 1;
    int pages = 0;
    while (page != null) {
      JsonNode p =
          ok(
              s.mcp()
                  .call(
                      "list_plugin_releases",
                      Map.of("page", page, "page_size", 2, "filters", Map.of("plugin", "hello"))));
      assertEquals(page.intValue(), p.get("page").asInt());
      assertEquals(2, p.get("page_size").asInt());
      assertTrue(p.get("results").size() <= 2, p.toString());
      p.get("results").forEach(r -> seen.add(r.get("version").asText()));
      assertEquals(pages == 0, p.get("previous_page").isNull(), p.toString());
      page = p.get("next_page").isNull() ? null : p.get("next_page").asInt();
      pages++;
    }
    assertTrue(pages >= 2, "pages: " + pages);
    assertTrue(seen.containsAll(made), seen.toString());
  }

  @org.junit.jupiter.api.Test
  void runPluginReleaseTakesRunIdTimeoutAndMode() throws Exception {
    Stack s = stack(Kind.FOLDER);
    String version = s.v("5.1.0");
    store.publishHello(version);
    String ref = "hello@" + version;
    ok(s.mcp().call("create_plugin_release", Map.of("plugin", "hello", "version", version)));
    String runId = "rel_" + System.nanoTime();
    JsonNode slow =
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
                        Map.of("seconds", 30),
                        "run_id",
                        runId,
                        "timeout_s",
                        1,
                        "mode",
                        "local",
                        "wait_s",
                        30)));
    assertEquals(runId, slow.get("id").asText(), slow.toString());
    assertEquals("failed", slow.get("status").asText(), slow.toString());
    assertTrue(slow.get("error").asText().contains("timed out after 1 s"), slow.toString());
    assertEquals("local", slow.get("mode").asText());
    String badMode =
        error(
            s.mcp()
                .call(
                    "run_plugin_release", Map.of("lookup", ref, "action", "add", "mode", "cloud")));
    assertTrue(badMode.contains("/mode") && badMode.contains("\"job\""), badMode);
  }
}
