package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/**
 * Reviewers' inbox, detail, decision and batch decision; applicants' own list, detail and
 * withdrawal. Every rule (level, scope, race, retry) is the engine's; these only read input.
 */
public final class ApprovalRoutes implements RouteModule {

  static final Set<String> FLOWS = Set.of("REGISTRATION", "NEW_SCHOOL", "ADMIN_CHANGE",
      "TRANSFER", "DECLARATION", "APPEAL");
  private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "REJECTED",
      "CANCELLED");
  private static final int MAX_BATCH = 100;

  private final ApprovalClient approvals;
  private final Certificates certificates;

  public ApprovalRoutes(ApprovalClient approvals, Certificates certificates) {
    this.approvals = approvals;
    this.certificates = certificates;
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/admin/approvals/inbox").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::inbox);
    router.post("/api/admin/approvals/batch").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::batch);
    router.get("/api/admin/approvals/:id").handler(Access.roles(Role.ANY_ADMIN))
        .handler(ctx -> detail(ctx, false));
    router.get("/api/admin/approvals/:id/attachment").handler(Access.roles(Role.ANY_ADMIN))
        .handler(ctx -> attachment(ctx, false));
    router.post("/api/admin/approvals/:id/decision").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::decide);
    router.get("/api/me/applications").handler(this::mine);
    router.get("/api/me/applications/:id").handler(ctx -> detail(ctx, true));
    router.get("/api/me/applications/:id/attachment")
        .handler(ctx -> attachment(ctx, true));
    router.post("/api/me/applications/:id/cancel").handler(this::cancel);
  }

  private void inbox(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);
    String type = flowParam(ctx);
    String status = ctx.request().getParam("status", "PENDING").toUpperCase();
    if (!STATUSES.contains(status)) {
      throw ApiException.invalidField("status", "invalid_status",
          "status 只能是 PENDING、APPROVED、REJECTED 或 CANCELLED");
    }

    approvals.inbox(Principal.of(ctx), type, status, paging.page(), paging.size())
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  /** One approval with its history, for a reviewer in scope or for its own applicant. */
  private void detail(RoutingContext ctx, boolean asApplicant) {
    long id = Bodies.pathId(ctx, "id");

    approvals.detail(Principal.of(ctx), id, asApplicant)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void attachment(RoutingContext ctx, boolean asApplicant) {
    long id = Bodies.pathId(ctx, "id");

    approvals.detail(Principal.of(ctx), id, asApplicant)
        .onSuccess(found -> certificates.send(ctx, found.getJsonObject("payload")
            .getJsonObject("certificate")))
        .onFailure(ctx::fail);
  }

  private void decide(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    Decision decision = Decision.parse(Bodies.requiredString(body, "decision", 10));
    String comment = Bodies.optionalString(body, "comment", 500);

    approvals.decide(Principal.of(ctx), id, decision, comment)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  /** Each item decided on its own, in order; one item's refusal never stops the others. */
  private void batch(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    Set<Long> ids = ids(body);
    Decision decision = Decision.parse(Bodies.requiredString(body, "decision", 10));
    String comment = Bodies.optionalString(body, "comment", 500);
    Principal principal = Principal.of(ctx);

    Future<JsonArray> results = Future.succeededFuture(new JsonArray());
    for (long id : ids) {
      results = results.compose(done -> approvals.decide(principal, id, decision, comment)
          .map(result -> new JsonObject().put("id", id).put("ok", true).put("result", result))
          .recover(e -> Future.succeededFuture(itemFailure(id, e)))
          .map(done::add));
    }
    results
        .onSuccess(items -> {
          long ok = items.stream().filter(i -> ((JsonObject) i).getBoolean("ok")).count();
          Json.ok(ctx, new JsonObject().put("items", items).put("succeeded", ok)
              .put("failed", items.size() - ok));
        })
        .onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);
    String type = flowParam(ctx);

    approvals.mine(Principal.of(ctx), type, paging.page(), paging.size())
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    approvals.cancel(Principal.of(ctx), id)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private static String flowParam(RoutingContext ctx) {
    String type = ctx.request().getParam("type");
    if (type == null || type.isBlank()) {
      return null;
    }
    type = type.trim().toUpperCase();
    if (!FLOWS.contains(type)) {
      throw ApiException.invalidField("type", "invalid_type", "未知的申请类型：" + type);
    }
    return type;
  }

  private static Set<Long> ids(JsonObject body) {
    Object raw = body.getValue("ids");
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      throw ApiException.invalidField("ids", "missing_field", "请选择要审批的申请");
    }
    if (array.size() > MAX_BATCH) {
      throw ApiException.invalidField("ids", "too_many", "一次最多批量审批 " + MAX_BATCH + " 条");
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (Object value : array) {
      if (!(value instanceof Number n) || n.longValue() <= 0
          || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw ApiException.invalidField("ids", "wrong_type", "ids 必须是正整数列表");
      }
      ids.add(n.longValue());
    }
    return ids;
  }

  private static JsonObject itemFailure(long id, Throwable e) {
    ApiException error = e instanceof ApiException api ? api
        : ApiException.of(500, "internal_error", "服务器内部错误，请稍后重试");
    return new JsonObject().put("id", id).put("ok", false).put("status", error.status())
        .put("error", error.code()).put("message", error.getMessage());
  }
}
