package org.jijiao.enrollment;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.live.LiveCounters;
import org.jijiao.notify.Notifier;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/**
 * Enrollment, approval, recommendations and selection: the teacher's way into a project
 * and its course supermarket, and the admins' enrollment list and decisions.
 */
public final class EnrollmentRoutes implements RouteModule {

  private static final Role[] LIST_VIEWERS = {Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN,
      Role.CITY_ADMIN, Role.INSTITUTION_ADMIN, Role.SYS_ADMIN};
  private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "REJECTED");
  private static final int CACHE_ENTRIES = 5_000;
  private static final Duration CACHE_TTL = Duration.ofMinutes(10);

  private final EnrollmentService enrollments;
  private final Recommendations recommendations;
  private final SelectionService selections;

  public EnrollmentRoutes(EnrollmentService enrollments, Recommendations recommendations,
      SelectionService selections) {
    this.enrollments = enrollments;
    this.recommendations = recommendations;
    this.selections = selections;
  }

  public static EnrollmentRoutes create(Platform p) {
    LiveCounters counters = new LiveCounters(p.redis(), p.keys(), p.pool(), p.orgs());
    Recommendations recommendations = new Recommendations(p.vertx(), p.pool(), CACHE_ENTRIES,
        CACHE_TTL);
    return new EnrollmentRoutes(
        new EnrollmentService(p.pool(), new EnrollmentStore(), counters, p.access(),
            p.vertx().eventBus(), new Notifier(p.vertx().eventBus())),
        recommendations,
        new SelectionService(p.pool(), new SelectionStore(), recommendations));
  }

  @Override
  public void mountProtected(Router router) {
    router.post("/api/trainings/:id/enrollments").handler(this::enroll);
    router.get("/api/trainings/:id/recommendations").handler(this::recommendations);
    router.post("/api/trainings/:id/selections").handler(this::select);
    router.delete("/api/selections/:id").handler(this::drop);
    router.get("/api/me/selections").handler(this::mySelections);
    router.get("/api/admin/enrollments").handler(Access.roles(LIST_VIEWERS))
        .handler(this::adminList);
    router.post("/api/admin/enrollments/:id/decision").handler(Access.roles(Role.SCHOOL_ADMIN))
        .handler(this::decide);
  }

  private void enroll(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");

    enrollments.enroll(Principal.of(ctx), projectId)
        .onSuccess(outcome -> Json.send(ctx, outcome.created() ? 201 : 200, outcome.enrollment()))
        .onFailure(ctx::fail);
  }

  private void recommendations(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");

    recommendations.forTeacher(Principal.of(ctx), projectId)
        .onSuccess(list -> Json.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void select(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    long courseId = Bodies.requiredLong(Bodies.json(ctx), "courseId");

    selections.select(Principal.of(ctx), projectId, courseId)
        .onSuccess(outcome -> Json.send(ctx, outcome.created() ? 201 : 200, outcome.selection()))
        .onFailure(ctx::fail);
  }

  private void drop(RoutingContext ctx) {
    long selectionId = Bodies.pathId(ctx, "id");

    selections.drop(Principal.of(ctx), selectionId)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void mySelections(RoutingContext ctx) {
    Long projectId = Bodies.queryLong(ctx, "trainingId");

    selections.mine(Principal.of(ctx), projectId)
        .onSuccess(list -> Json.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void adminList(RoutingContext ctx) {
    Long projectId = Bodies.queryLong(ctx, "trainingId");
    String status = ctx.request().getParam("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalidField("status", "invalid_value",
          "status 必须是 PENDING、APPROVED 或 REJECTED");
    }
    Paging paging = Paging.from(ctx);

    enrollments.adminList(Principal.of(ctx), projectId, status, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void decide(RoutingContext ctx) {
    long enrollmentId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    String decision = Bodies.requiredString(body, "decision", 10);
    if (!decision.equals("APPROVE") && !decision.equals("REJECT")) {
      throw ApiException.invalidField("decision", "invalid_value", "decision 必须是 APPROVE 或 REJECT");
    }
    String comment = Bodies.optionalString(body, "comment", 500);

    enrollments.decide(Principal.of(ctx), enrollmentId, decision.equals("APPROVE"), comment)
        .onSuccess(enrollment -> Json.ok(ctx, enrollment))
        .onFailure(ctx::fail);
  }
}
