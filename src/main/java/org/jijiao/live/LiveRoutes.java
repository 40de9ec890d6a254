package org.jijiao.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.SessionRevocations;
import org.jijiao.identity.Role;
import org.jijiao.org.OrgUnit;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/**
 * {@code GET /api/admin/live/enrollments}: server-sent events of enrollment counts within the
 * viewer's scope. A snapshot at once, then an update whenever this node's
 * {@link LiveFeedVerticle} publishes a changed board (at most once a second) and the change
 * is visible in the viewer's scope. City-level admins see the city; a district admin sees the
 * district, with its schools.
 */
public final class LiveRoutes implements RouteModule {

  private static final Role[] VIEWERS = {Role.SYS_ADMIN, Role.INSTITUTION_ADMIN,
      Role.CITY_ADMIN, Role.HR_ADMIN, Role.DISTRICT_ADMIN};
  private static final long KEEP_ALIVE_MS = 20_000;

  private final Vertx vertx;
  private final Access access;
  private final SessionRevocations revocations;
  private final AtomicReference<JsonObject> latest = new AtomicReference<>();

  public LiveRoutes(Vertx vertx, Access access, SessionRevocations revocations) {
    this.vertx = vertx;
    this.access = access;
    this.revocations = revocations;
    vertx.eventBus().<JsonObject>localConsumer(LiveFeedVerticle.BOARD_ADDRESS,
        msg -> latest.set(msg.body()));
  }

  public static LiveRoutes create(Platform p) {
    return new LiveRoutes(p.vertx(), p.access(), p.revocations());
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/admin/live/enrollments").handler(Access.roles(VIEWERS))
        .handler(this::stream);
  }

  private void stream(RoutingContext ctx) {
    Function<JsonObject, JsonObject> scope = scopeOf(access.home(Principal.of(ctx)));

    board().onSuccess(first -> open(ctx, scope, first)).onFailure(ctx::fail);
  }

  private void open(RoutingContext ctx, Function<JsonObject, JsonObject> scope,
      JsonObject first) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Encoding", "identity")
        .putHeader("X-Accel-Buffering", "no");
    String[] lastSent = {null};
    Function<JsonObject, Void> send = board -> {
      JsonObject view = scope.apply(board);
      String at = view.getString("at");
      String counts = view.copy().put("at", "").encode();
      if (!counts.equals(lastSent[0])) {
        lastSent[0] = counts;
        response.write("event: enrollments\ndata: " + view.put("at", at).encode() + "\n\n");
      }
      return null;
    };
    response.write("retry: 3000\n\n");
    send.apply(first);

    // The stream lives longer than its token: it ends (and EventSource reconnects with a
    // fresh token, or is refused) once the token expires or its sessions are revoked.
    MessageConsumer<JsonObject> updates = ctx.vertx().eventBus()
        .localConsumer(LiveFeedVerticle.BOARD_ADDRESS, msg -> {
          if (revocations.stillValid(ctx)) {
            send.apply(msg.body());
          } else {
            response.end();
          }
        });
    long keepAlive = ctx.vertx().setPeriodic(KEEP_ALIVE_MS, id -> {
      if (revocations.stillValid(ctx)) {
        response.write(": ping\n\n");
      } else {
        response.end();
      }
    });
    response.closeHandler(v -> {
      updates.unregister();
      ctx.vertx().cancelTimer(keepAlive);
    });
    response.endHandler(v -> {
      updates.unregister();
      ctx.vertx().cancelTimer(keepAlive);
    });
  }

  private Future<JsonObject> board() {
    JsonObject known = latest.get();
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return vertx.eventBus().<JsonObject>request(LiveFeedVerticle.LATEST_ADDRESS, "")
        .map(reply -> {
          if (reply.body() == null) {
            throw ApiException.overloaded("实时统计尚未就绪，请稍后重试", 2);
          }
          return reply.body();
        });
  }

  /** How a viewer's home organisation narrows the board. */
  private static Function<JsonObject, JsonObject> scopeOf(OrgUnit home) {
    return switch (home.kind()) {
      case "CITY" -> board -> board.getJsonObject("city").copy().put("at", board.getString("at"));
      case "DISTRICT" -> board -> board.getJsonObject("districts")
          .getJsonObject(String.valueOf(home.id()), new JsonObject()).copy()
          .put("at", board.getString("at"));
      default -> throw ApiException.forbidden("实时报名统计仅向市级和县区管理员开放");
    };
  }
}
