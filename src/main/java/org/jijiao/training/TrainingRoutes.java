package org.jijiao.training;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.course.CatalogueEvents;
import org.jijiao.course.Fields;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/** Training projects: {@code /api/admin/trainings*} for admins, {@code /api/trainings*} for all. */
public final class TrainingRoutes implements RouteModule {

  static final Role[] MANAGERS = {Role.INSTITUTION_ADMIN, Role.SYS_ADMIN, Role.CITY_ADMIN,
      Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN};
  private static final int MAX_OFFER = 2000;

  private final TrainingService trainings;

  public TrainingRoutes(TrainingService trainings) {
    this.trainings = trainings;
  }

  public static TrainingRoutes create(Platform p) {
    return new TrainingRoutes(new TrainingService(p.pool(), new TrainingStore(), p.access(),
        new CatalogueEvents(p.vertx().eventBus())));
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/admin/trainings").handler(Access.roles(MANAGERS)).handler(this::adminList);
    router.post("/api/admin/trainings").handler(Access.roles(MANAGERS)).handler(this::create);
    router.get("/api/admin/trainings/:id").handler(Access.roles(MANAGERS)).handler(this::adminGet);
    router.put("/api/admin/trainings/:id").handler(Access.roles(MANAGERS)).handler(this::update);
    router.put("/api/admin/trainings/:id/courses").handler(Access.roles(MANAGERS))
        .handler(this::setOffer);
    router.get("/api/trainings").handler(this::openToMe);
    router.get("/api/trainings/:id").handler(this::forMe);
  }

  private void adminList(RoutingContext ctx) {
    Integer year = year(ctx);
    Paging paging = Paging.from(ctx);

    trainings.adminList(Principal.of(ctx), year, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    TrainingInput input = TrainingInput.from(Bodies.json(ctx));

    trainings.create(Principal.of(ctx), input)
        .onSuccess(project -> Json.created(ctx, project))
        .onFailure(ctx::fail);
  }

  private void adminGet(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    trainings.adminGet(Principal.of(ctx), id)
        .onSuccess(project -> Json.ok(ctx, project))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    TrainingInput input = TrainingInput.from(Bodies.json(ctx));

    trainings.update(Principal.of(ctx), id, input)
        .onSuccess(project -> Json.ok(ctx, project))
        .onFailure(ctx::fail);
  }

  private void setOffer(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    List<Long> courseIds = courseIds(Fields.optionalArray(Bodies.json(ctx), "courseIds",
        MAX_OFFER));

    trainings.setOffer(Principal.of(ctx), id, courseIds)
        .onSuccess(project -> Json.ok(ctx, project))
        .onFailure(ctx::fail);
  }

  private void openToMe(RoutingContext ctx) {
    Integer year = year(ctx);

    trainings.openTo(Principal.of(ctx), year)
        .onSuccess(list -> Json.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void forMe(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    trainings.forTeacher(Principal.of(ctx), id)
        .onSuccess(project -> Json.ok(ctx, project))
        .onFailure(ctx::fail);
  }

  private static Integer year(RoutingContext ctx) {
    Integer year = Bodies.queryInt(ctx, "year");
    if (year != null && (year < 2000 || year > 2100)) {
      throw ApiException.invalidField("year", "out_of_range", "year 必须在 2000 到 2100 之间");
    }
    return year == null ? null : year.intValue();
  }

  private static List<Long> courseIds(JsonArray array) {
    if (array == null) {
      throw ApiException.invalidField("courseIds", "missing_field", "缺少必填项：courseIds");
    }
    List<Long> ids = new ArrayList<>();
    for (Object value : array) {
      if (!(value instanceof Number number) || number.doubleValue() != Math.rint(
          number.doubleValue()) || number.longValue() < 1) {
        throw ApiException.invalidField("courseIds", "wrong_type", "courseIds 必须是课程编号（正整数）的列表");
      }
      ids.add(number.longValue());
    }
    return ids;
  }
}
