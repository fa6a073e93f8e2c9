package dev.synapse.mcp.releases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent REST API under /api/plugin_releases/, spoken like the agent client (bare key). */
class ReleaseRestTest extends ReleaseServerTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void listPagesInTheDrfShapeWithAbsoluteLinks(Kind kind) throws Exception {
    Stack s = stack(kind);
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String version = s.v("3.0." + i);
      store.publishHello(version);
      Rest.Answer created =
          s.rest().post("plugin_releases/", Map.of("plugin", "hello", "version", version));
      assertEquals(201, created.status(), created.raw().body());
      versions.add(version);
    }
    assertEquals(
        200,
        s.rest()
            .post("plugin_releases/", Map.of("plugin", "hello", "version", versions.get(0)))
            .status());
    List<String> seen = new ArrayList<>();
    String url = "plugin_releases/?plugin=hello&page_size=2";
    Rest.Answer first = s.rest().get(url);
    assertNull(first.body().get("previous").textValue());
    int pages = 0;
    while (url != null) {
      Rest.Answer page = s.rest().get(url);
      assertEquals(200, page.status(), page.raw().body());
      assertTrue(page.body().get("results").size() <= 2);
      page.body().get("results").forEach(r -> seen.add(r.get("version").asText()));
      JsonNode next = page.body().get("next");
      url = next.isNull() ? null : next.asText();
      if (url != null) {
        assertTrue(url.startsWith("http://") && url.contains("page_size=2"), url);
        assertTrue(url.contains("plugin=hello"), url);
      }
      if (pages > 0) {
        assertTrue(page.body().get("previous").asText().startsWith("http://"));
      }
      pages++;
    }
    assertTrue(pages >= 3, "pages: " + pages);
    assertTrue(seen.containsAll(versions), seen.toString());
    assertEquals(first.body().get("count").asInt(), seen.size());
    assertEquals(404, s.rest().get("plugin_releases/?page=99&page_size=2").status());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void getRunAndDeleteByLookup(Kind kind) throws Exception {
    Stack s = stack(kind);
    String version = s.v("3.1.0");
    String ref = "hello@" + version;
    store.publishHello(version);
    long id =
        s.rest()
            .post("plugin_releases/", Map.of("plugin", "hello", "version", version))
            .body()
            .get("id")
            .asLong();
    assertEquals(id, s.rest().get("plugin_releases/" + ref).body().get("id").asLong());
    assertEquals(ref, s.rest().get("plugin_releases/" + id).body().get("lookup").asText());

    Rest.Answer run =
        s.rest()
            .post(
                "plugin_releases/" + ref + "/run/",
                Map.of("action", "add", "params", Map.of("a", 4, "b", 5), "job_id", "j1"));
    assertEquals(200, run.status(), run.raw().body());
    assertEquals(9, run.body().get("sum").asInt());
    assertTrue(run.raw().headers().firstValue("X-Synapse-Run-Id").isPresent());
    assertTrue(run.raw().headers().firstValue("X-Synapse-Note").orElse("").contains("Ray"));

    Rest.Answer legacy =
        s.rest()
            .post(
                "plugin_releases/" + id + "/run/",
                Map.of("data", Map.of("action", "echo", "params", Map.of("x", 1))));
    assertEquals(Map.of("x", 1), Rest.JSON.convertValue(legacy.body(), Map.class));

    Rest.Answer failed =
        s.rest().post("plugin_releases/" + ref + "/run/", Map.of("action", "fail"));
    assertEquals(400, failed.status());
    assertTrue(failed.body().get("detail").asText().startsWith("ValueError"), failed.raw().body());

    Rest.Answer badParams =
        s.rest()
            .post(
                "plugin_releases/" + ref + "/run/",
                Map.of("action", "add", "params", Map.of("a", "x", "b", 1)));
    assertEquals(400, badParams.status());
    assertTrue(badParams.body().get("detail").asText().contains("params.a"));

    assertEquals(204, s.rest().delete("plugin_releases/" + ref).status());
    Rest.Answer gone = s.rest().get("plugin_releases/" + ref);
    assertEquals(404, gone.status());
    assertTrue(gone.body().get("detail").asText().contains("not found"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void errorsAreDrfShaped(Kind kind) throws Exception {
    Stack s = stack(kind);
    Rest.Answer missing = s.rest().post("plugin_releases/", Map.of("plugin", "hello"));
    assertEquals(400, missing.status());
    assertTrue(missing.body().get("version").isArray(), missing.raw().body());
    Rest.Answer badLookup = s.rest().get("plugin_releases/hello");
    assertEquals(400, badLookup.status());
    assertTrue(badLookup.body().get("lookup").get(0).asText().contains("code@version"));
    Rest.Answer notInStore =
        s.rest().post("plugin_releases/", Map.of("plugin", "hello", "version", s.v("9.9.9")));
    assertEquals(404, notInStore.status(), notInStore.raw().body());
    assertTrue(notInStore.body().get("detail").asText().contains("not in the plugin store"));
    assertEquals(401, s.anonymous().get("plugin_releases/").status());
    assertEquals(405, s.rest().send("plugin_releases/hello@1/", "PUT", Map.of()).status());
    assertEquals(405, s.rest().get("plugin_releases/run_debug/").status());
    assertEquals(404, s.rest().get("plugin_releases/a/b/c").status());
    var sessionOnly =
        new Rest(
            s.server().url(),
            s.server()
                .keys()
                .create(
                    "no-release-" + kind, dev.synapse.mcp.agents.KeyService.parseRoles("session")));
    Rest.Answer forbidden = sessionOnly.get("plugin_releases/");
    assertEquals(403, forbidden.status());
    assertTrue(forbidden.body().get("detail").asText().contains("release"));
    Rest.Answer debug =
        s.rest()
            .post(
                "plugin_releases/run_debug/",
                Map.of("action", "echo", "params", Map.of("k", "v"), "plugin_path", "hello"));
    assertEquals(200, debug.status(), debug.raw().body());
    assertEquals("v", debug.body().get("k").asText());
    Rest.Answer badJson = s.rest().send("plugin_releases/", "POST", "not an object");
    assertEquals(400, badJson.status());
    assertTrue(badJson.body().has("detail"));
  }

  @Test
  void releaseRoutesAcceptTheBareKeyBearerAndTokenForms() throws Exception {
    Stack s = stack(Kind.FOLDER);
    for (String auth : new String[] {s.key(), "Bearer " + s.key(), "Token " + s.key()}) {
      Rest.Answer list = new Rest(s.server().url(), auth).get("plugin_releases/");
      assertEquals(200, list.status(), auth.substring(0, 6) + ": " + list.raw().body());
    }
    for (String auth : new String[] {"Token syn_" + "0".repeat(40), "Basic " + s.key()}) {
      assertEquals(401, new Rest(s.server().url(), auth).get("plugin_releases/").status(), auth);
    }
  }

  @Test
  void aFileUrlStoreServesAValidArchiveWithoutItsChecksumFile() throws Exception {
    var server = start("file://" + store.root);
    try {
      Stack s = stack(Kind.FOLDER, server);
      String version = "4.0.0-file";
      store.publishHello(version);
      Path sum = store.zip("hello", version).resolveSibling(version + ".zip.sha256");
      assertTrue(java.nio.file.Files.deleteIfExists(sum), "the checksum file was there: " + sum);
      Rest.Answer created =
          s.rest().post("plugin_releases/", Map.of("plugin", "hello", "version", version));
      assertEquals(201, created.status(), created.raw().body());
      Rest.Answer ran =
          s.rest()
              .post(
                  "plugin_releases/hello@" + version + "/run/",
                  Map.of("action", "add", "params", Map.of("a", 1, "b", 2)));
      assertEquals(200, ran.status(), ran.raw().body());
      assertEquals(3, ran.body().get("sum").asInt(), ran.raw().body());
    } finally {
      server.stop(java.time.Duration.ofSeconds(2));
    }
  }
}
