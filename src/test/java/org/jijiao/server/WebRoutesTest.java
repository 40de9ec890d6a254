package org.jijiao.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built front-end: caching by kind of file, and the fallback of each single-page app. */
@Timeout(60)
class WebRoutesTest {

  private static TestNode node;
  private static TestClient api;

  @BeforeAll
  static void start() throws Exception {
    Path dist = Files.createTempDirectory("jijiao-dist");
    Files.createDirectories(dist.resolve("assets"));
    Files.createDirectories(dist.resolve("admin"));
    Files.createDirectories(dist.resolve("h5"));
    Files.writeString(dist.resolve("index.html"), "portal");
    Files.writeString(dist.resolve("admin/index.html"), "admin");
    Files.writeString(dist.resolve("h5/index.html"), "h5");
    Files.writeString(dist.resolve("assets/app-3f9a.js"), "console.log(1)");
    node = TestNode.start(Map.of("web.dist", dist.toString()));
    api = node.client();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "/,                    portal",
      "/trainings/1000,      portal",
      "/admin/,              admin",
      "/admin/live,          admin",
      "/h5/learn/5,          h5",
      "/index.html,          portal"})
  void appRoutesFallBackToTheirAppsIndexWhichIsNeverCached(String path, String body) {
    TestClient.Reply reply = api.get(path, null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().toString()).isEqualTo(body);
    assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
  }

  @Test
  void hashedAssetsAreCachedForAYear() {
    TestClient.Reply reply = api.get("/assets/app-3f9a.js", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
  }

  @Test
  void missingFilesAre404NotTheIndexPage() {
    assertThat(api.get("/assets/gone-1234.js", null).status()).isEqualTo(404);
    // A path climbing out of dist is normalised inside it: the app page, never the file.
    assertThat(api.get("/../../etc/passwd", null).raw().toString()).isEqualTo("portal");
  }

  @Test
  void unknownApiPathsAreJsonErrorsNotPages() {
    String token = api.login(org.jijiao.testing.Demo.TEACHER, TestNode.DEMO_PASSWORD);

    TestClient.Reply reply = api.get("/api/no-such-thing", token);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isEqualTo("not_found");
  }
}
