package org.jijiao.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.common.FailureHandler;
import org.jijiao.identity.AuthHandler;
import org.jijiao.ops.OpsRoutes;
import org.jijiao.platform.Platform;

/**
 * The HTTP API, one instance per event-loop thread. It only wires: health and baseline
 * routes first (never shed, never authenticated), then load shedding, body limits, the
 * public routes, the access-token check, the protected routes, and the web front-end.
 */
public final class ApiVerticle extends VerticleBase {

  private final Platform platform;
  private final List<RouteModule> modules;
  private final AtomicInteger inFlight;
  private final AuthHandler authHandler;
  private HttpServer server;

  public ApiVerticle(Platform platform, List<RouteModule> modules, AtomicInteger inFlight,
      AuthHandler authHandler) {
    this.platform = platform;
    this.modules = modules;
    this.inFlight = inFlight;
    this.authHandler = authHandler;
  }

  @Override
  public Future<?> start() {
    var settings = platform.settings();
    Router router = Router.router(vertx);

    new OpsRoutes(platform).mount(router);
    router.route("/api/*").handler(new LoadShedder(inFlight,
        platform.config().integer("http.maxInFlight", 16, 1_000_000)));
    HotRouter hot = new HotRouter(router, new SmallJsonBody(4096), authHandler);
    modules.forEach(module -> module.mountHot(hot));
    router.route("/api/*").handler(new BodyLimits(settings.http().bodyLimitBytes(),
        settings.http().uploadLimitBytes(), settings.files().filesDir() + "/uploads"));
    modules.forEach(module -> module.mountPublic(router));
    router.route("/api/*").handler(authHandler);
    modules.forEach(module -> module.mountProtected(router));
    new WebRoutes(Path.of(platform.config().string("web.dist"))).mount(router);
    router.route().failureHandler(new FailureHandler());
    router.route("/api/*").handler(ctx -> ctx.fail(404));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.http().host())
        .setCompressionSupported(true)
        // Multipart text fields such as a 5,000-character homework (15 KB of UTF-8) exceed
        // the 8 KB default; the whole body stays capped by BodyLimits.
        .setMaxFormAttributeSize(64 * 1024)
        .setIdleTimeout(120);
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen(settings.http().port())
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
