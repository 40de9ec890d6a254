package org.jijiao.forum;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/** The forum of each training project: reading and writing, moderation, tutors' scores. */
public final class ForumRoutes implements RouteModule {

  static final int MAX_TITLE = 100;
  static final int MAX_BODY = 5_000;
  static final int MAX_REASON = 200;
  static final int MAX_MUTE_MINUTES = 366 * 24 * 60;

  private final ForumService forum;

  public ForumRoutes(ForumService forum) {
    this.forum = forum;
  }

  public static ForumRoutes create(org.jijiao.platform.Platform p) {
    return new ForumRoutes(ForumService.create(p,
        p.config().integer("forum.maxPostsPerWindow", 1, 10_000),
        p.config().integer("forum.rateWindowSeconds", 1, 86_400)));
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/trainings/:id/forum/posts").handler(this::threads);
    router.post("/api/trainings/:id/forum/posts").handler(this::postThread);
    router.get("/api/forum/posts/:id").handler(this::thread);
    router.post("/api/forum/posts/:id/replies").handler(this::reply);
    router.delete("/api/forum/posts/:id").handler(this::deleteOwn);

    router.put("/api/admin/trainings/:id/forum").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::setOpen);
    router.post("/api/admin/trainings/:id/forum/mutes").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::mute);
    router.delete("/api/admin/trainings/:id/forum/mutes/:teacherId")
        .handler(Access.roles(Role.ANY_ADMIN)).handler(this::unmute);
    router.post("/api/admin/forum/posts/:id/remove").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::remove);

    router.post("/api/tutor/selections/:id/forum-score").handler(Access.roles(Role.TUTOR))
        .handler(this::score);
  }

  private void threads(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    Paging paging = Paging.from(ctx);

    forum.threads(Principal.of(ctx), projectId, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void thread(RoutingContext ctx) {
    long postId = Bodies.pathId(ctx, "id");
    Paging paging = Paging.from(ctx);

    forum.thread(Principal.of(ctx), postId, paging)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void postThread(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    String title = Bodies.requiredString(body, "title", MAX_TITLE).strip();
    String text = Bodies.requiredString(body, "body", MAX_BODY).strip();
    Long courseId = Bodies.optionalLong(body, "courseId");

    forum.postThread(Principal.of(ctx), projectId, title, text, courseId)
        .onSuccess(post -> Json.created(ctx, post))
        .onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx) {
    long postId = Bodies.pathId(ctx, "id");
    String text = Bodies.requiredString(Bodies.json(ctx), "body", MAX_BODY).strip();

    forum.reply(Principal.of(ctx), postId, text)
        .onSuccess(post -> Json.created(ctx, post))
        .onFailure(ctx::fail);
  }

  private void deleteOwn(RoutingContext ctx) {
    long postId = Bodies.pathId(ctx, "id");

    forum.deleteOwn(Principal.of(ctx), postId)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void setOpen(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    if (!(body.getValue("open") instanceof Boolean open)) {
      throw ApiException.invalidField("open", "open 必须是 true 或 false");
    }

    forum.setOpen(Principal.of(ctx), projectId, open)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void mute(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    long teacherId = Bodies.requiredLong(body, "teacherId");
    long minutes = Bodies.requiredLong(body, "minutes");
    if (minutes < 1 || minutes > MAX_MUTE_MINUTES) {
      throw ApiException.invalidField("minutes", "禁言时长须在 1 分钟到 366 天之间");
    }
    String reason = Bodies.requiredString(body, "reason", MAX_REASON).strip();

    forum.mute(Principal.of(ctx), projectId, teacherId, (int) minutes, reason)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void unmute(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    long teacherId = Bodies.pathId(ctx, "teacherId");

    forum.unmute(Principal.of(ctx), projectId, teacherId)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    long postId = Bodies.pathId(ctx, "id");
    String reason = Bodies.requiredString(Bodies.json(ctx), "reason", MAX_REASON).strip();

    forum.remove(Principal.of(ctx), postId, reason)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void score(RoutingContext ctx) {
    long selectionId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    double score = Bodies.requiredNumber(body, "score");
    if (score < 0 || score > 100) {
      throw ApiException.invalidField("score", "评分须在 0 到 100 之间");
    }
    String comment = Bodies.optionalString(body, "comment", 500);

    forum.score(Principal.of(ctx), selectionId, Math.round(score * 100) / 100.0,
            comment == null ? "" : comment.strip())
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }
}
