package org.jijiao.server;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the built front-end from {@code web/dist}: hashed assets cached for a year,
 * HTML never cached, and the single-page fallback for the three apps (teacher portal at
 * {@code /}, admin console at {@code /admin/}, WeChat H5 at {@code /h5/}).
 */
public final class WebRoutes {

  private final Path dist;

  public WebRoutes(Path dist) {
    this.dist = dist.toAbsolutePath().normalize();
  }

  public void mount(Router router) {
    if (!Files.isDirectory(dist)) {
      router.get("/").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("Jijiao API is running; the web front-end has not been built (web/dist is "
              + "missing). Run ./jijiao up to build it.\n"));
      return;
    }
    router.get("/*").handler(this::spa);
  }

  private void spa(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/wechat/")) {
      ctx.next();
      return;
    }
    Path file = dist.resolve(path.substring(1)).normalize();
    if (file.startsWith(dist) && Files.isRegularFile(file) && !path.endsWith(".html")) {
      // Files under /assets/ carry a content hash in their names: they never change.
      String caching = path.startsWith("/assets/") ? "public, max-age=31536000, immutable"
          : "public, max-age=3600";
      ctx.response().putHeader("Cache-Control", caching).sendFile(file.toString());
      return;
    }
    if (!path.endsWith(".html") && path.substring(path.lastIndexOf('/') + 1).contains(".")) {
      // A missing file is a 404, not the app's index page (a stale asset must fail loudly).
      ctx.response().setStatusCode(404).end();
      return;
    }
    String app = path.startsWith("/admin") ? "admin/index.html"
        : path.startsWith("/h5") ? "h5/index.html" : "index.html";
    Path index = Files.isRegularFile(dist.resolve(app)) ? dist.resolve(app)
        : dist.resolve("index.html");
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .sendFile(index.toString());
  }
}
