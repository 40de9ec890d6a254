package org.jijiao.course;

import io.vertx.core.json.JsonArray;
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
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/**
 * The course library: {@code /api/admin/courses*} (every admin may browse it, institution
 * and system admins change it) and the teacher's {@code GET /api/courses/{id}}.
 */
public final class CourseRoutes implements RouteModule {

  private static final Role[] EDITORS = {Role.INSTITUTION_ADMIN, Role.SYS_ADMIN};

  private final CourseService courses;

  public CourseRoutes(CourseService courses) {
    this.courses = courses;
  }

  public static CourseRoutes create(Platform p) {
    return new CourseRoutes(new CourseService(p.pool(), new CourseStore(),
        new CatalogueEvents(p.vertx().eventBus())));
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/admin/courses").handler(Access.roles(Role.ANY_ADMIN)).handler(this::list);
    router.post("/api/admin/courses").handler(Access.roles(EDITORS)).handler(this::create);
    router.get("/api/admin/courses/:id").handler(Access.roles(Role.ANY_ADMIN)).handler(this::get);
    router.put("/api/admin/courses/:id").handler(Access.roles(EDITORS)).handler(this::update);
    router.post("/api/admin/courses/:id/videos").handler(Access.roles(EDITORS))
        .handler(this::addVideo);
    router.get("/api/admin/courses/:id/usage").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::usage);
    router.get("/api/courses/:id").handler(this::forLearner);
  }

  private void list(RoutingContext ctx) {
    CourseFilter filter = CourseFilter.from(ctx);
    Paging paging = Paging.from(ctx);

    courses.list(filter, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    CourseInput input = CourseInput.from(Bodies.json(ctx));

    courses.create(Principal.of(ctx), input)
        .onSuccess(course -> Json.created(ctx, course))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    courses.detail(id)
        .onSuccess(course -> Json.ok(ctx, course))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    CourseInput input = CourseInput.from(Bodies.json(ctx));

    courses.update(Principal.of(ctx), id, input)
        .onSuccess(course -> Json.ok(ctx, course))
        .onFailure(ctx::fail);
  }

  private void addVideo(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    String title = Bodies.requiredString(body, "title", 200).trim();
    int seconds = Fields.integer(body, "durationSeconds", 1, 6 * 3600);
    String file = Bodies.requiredString(body, "mediaFile", 200);
    if (!file.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || file.contains("..")) {
      throw ApiException.invalidField("mediaFile", "invalid_value", "媒体文件名不合法");
    }

    courses.addVideo(Principal.of(ctx), id, title, seconds, file)
        .onSuccess(video -> Json.created(ctx, video))
        .onFailure(ctx::fail);
  }

  private void usage(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    courses.usage(id)
        .onSuccess(usage -> Json.ok(ctx, usage))
        .onFailure(ctx::fail);
  }

  /** The course as a learner sees it: no media file names, no lead id. */
  private void forLearner(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    courses.detail(id)
        .map(CourseRoutes::learnerView)
        .onSuccess(course -> Json.ok(ctx, course))
        .onFailure(ctx::fail);
  }

  private static JsonObject learnerView(JsonObject course) {
    JsonArray videos = new JsonArray();
    course.getJsonArray("videos").forEach(v -> {
      JsonObject video = ((JsonObject) v).copy();
      video.remove("mediaFile");
      videos.add(video);
    });
    JsonObject view = course.copy().put("videos", videos);
    view.remove("leadId");
    view.remove("usageCount");
    return view;
  }
}
