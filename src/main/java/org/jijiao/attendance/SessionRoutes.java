package org.jijiao.attendance;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.common.Text;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/** Face-to-face sessions: scheduling, sign-up, QR attendance, confirmation and summaries. */
public final class SessionRoutes implements RouteModule {

  static final int MIN_SUMMARY = 10;
  static final int MAX_SUMMARY = 5_000;

  private final SessionService sessions;

  public SessionRoutes(SessionService sessions) {
    this.sessions = sessions;
  }

  public static SessionRoutes create(org.jijiao.platform.Platform p) {
    org.jijiao.config.AppConfig c = p.config();
    String secret = c.string("attendance.qrSecret");
    if (c.isProduction() && secret.startsWith("dev-only")) {
      throw new org.jijiao.config.AppConfig.ConfigException("attendance.qrSecret",
          "is the development secret; set a real one for the prod profile");
    }
    QrTokens tokens = new QrTokens(secret, c.integer("attendance.qrWindowSeconds", 5, 600),
        c.integer("attendance.qrGraceSeconds", 0, 120));
    return new SessionRoutes(new SessionService(p.vertx(), p.pool(), p.access(), tokens,
        absolute(c.string("wechat.publicBaseUrl", ""), c.string("attendance.scanUrl")),
        org.jijiao.schooltraining.SchoolCreditPolicy.from(c)));
  }

  /** A phone scanning the room's code must get a link it can open, so relative paths are
   *  resolved against the public address of the site. */
  static String absolute(String publicBase, String scanUrl) {
    if (scanUrl.startsWith("http://") || scanUrl.startsWith("https://") || publicBase.isBlank()) {
      return scanUrl;
    }
    return publicBase.replaceAll("/+$", "") + scanUrl;
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/trainings/:id/sessions").handler(this::list);
    router.get("/api/me/sessions").handler(this::mine);
    router.post("/api/sessions/:id/signups").handler(this::signUp);
    router.delete("/api/sessions/:id/signups/me").handler(this::cancel);
    router.post("/api/attendance/check-in").handler(this::scan);
    router.put("/api/sessions/:id/summary").handler(this::summary);

    router.post("/api/admin/trainings/:id/sessions").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::create);
    router.get("/api/admin/sessions/:id/qr").handler(this::qr);
    router.get("/api/admin/sessions/:id/participants").handler(this::participants);
    router.post("/api/admin/sessions/:id/participants/:teacherId/confirm")
        .handler(this::confirm);
    router.post("/api/admin/sessions/:id/confirm-all").handler(this::confirmAll);
  }

  private void list(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");

    sessions.list(Principal.of(ctx), projectId)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void mine(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);

    sessions.mine(Principal.of(ctx), paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void signUp(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");

    sessions.signUp(Principal.of(ctx), sessionId)
        .onSuccess(answer -> Json.send(ctx, answer.getBoolean("created") ? 201 : 200,
            answer.getJsonObject("session")))
        .onFailure(ctx::fail);
  }

  private void cancel(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");

    sessions.cancel(Principal.of(ctx), sessionId)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void scan(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String token = Bodies.requiredString(body, "token", 200);
    Long sessionId = Bodies.optionalLong(body, "sessionId");

    sessions.scan(Principal.of(ctx), token, sessionId)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void summary(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");
    String text = Bodies.requiredString(Bodies.json(ctx), "text", MAX_SUMMARY).strip();
    if (Text.length(text) < MIN_SUMMARY) {
      throw ApiException.invalidField("text", "too_short",
          "培训总结至少 " + MIN_SUMMARY + " 个字");
    }

    sessions.summary(Principal.of(ctx), sessionId, text)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    long projectId = Bodies.pathId(ctx, "id");
    SessionService.Draft draft = draft(Bodies.json(ctx));

    sessions.create(Principal.of(ctx), projectId, draft)
        .onSuccess(session -> Json.created(ctx, session))
        .onFailure(ctx::fail);
  }

  private void qr(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");
    String modeParam = ctx.request().getParam("mode", "in");
    if (!modeParam.equals("in") && !modeParam.equals("out")) {
      throw ApiException.invalidField("mode", "mode 只能是 in 或 out");
    }
    QrTokens.Mode mode = modeParam.equals("in") ? QrTokens.Mode.IN : QrTokens.Mode.OUT;
    boolean png = "png".equals(ctx.request().getParam("format"));

    sessions.qr(Principal.of(ctx), sessionId, mode)
        .onSuccess(qr -> {
          if (!png) {
            Json.ok(ctx, qr.toJson());
            return;
          }
          ctx.response()
              .putHeader("Content-Type", "image/png")
              .putHeader("Cache-Control", "no-store")
              .putHeader("X-Qr-Token", qr.token())
              .putHeader("X-Qr-Expires-At", Instant.ofEpochSecond(qr.expiresAt()).toString())
              .putHeader("X-Qr-Refresh-In", String.valueOf(qr.refreshInSeconds()))
              .end(Buffer.buffer(qr.png()));
        })
        .onFailure(ctx::fail);
  }

  private void participants(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");
    Paging paging = Paging.from(ctx);

    sessions.participants(Principal.of(ctx), sessionId, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void confirm(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");
    long teacherId = Bodies.pathId(ctx, "teacherId");

    sessions.confirm(Principal.of(ctx), sessionId, teacherId)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void confirmAll(RoutingContext ctx) {
    long sessionId = Bodies.pathId(ctx, "id");

    sessions.confirmAll(Principal.of(ctx), sessionId)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private static SessionService.Draft draft(JsonObject body) {
    String title = Bodies.requiredString(body, "title", 100).strip();
    String venue = Bodies.requiredString(body, "venue", 200).strip();
    Instant startsAt = instant(body, "startsAt");
    Instant endsAt = instant(body, "endsAt");
    if (!startsAt.isBefore(endsAt)) {
      throw ApiException.invalidField("endsAt", "结束时间必须晚于开始时间");
    }
    long capacity = Bodies.requiredLong(body, "capacity");
    if (capacity < 1 || capacity > 100_000) {
      throw ApiException.invalidField("capacity", "名额须在 1 到 100000 之间");
    }
    String category = body.getValue("category") == null ? "PROFESSIONAL"
        : Bodies.requiredString(body, "category", 20);
    if (!category.equals("PUBLIC") && !category.equals("PROFESSIONAL")) {
      throw ApiException.invalidField("category", "category 只能是 PUBLIC 或 PROFESSIONAL");
    }
    BigDecimal credits = amount(body, "credits");
    BigDecimal hours = amount(body, "hours");
    return new SessionService.Draft(title, venue, startsAt, endsAt, (int) capacity, category,
        credits, hours, Bodies.optionalLong(body, "leadId"),
        Bodies.optionalBoolean(body, "checkOut", false),
        Bodies.optionalBoolean(body, "needsConfirmation", true));
  }

  private static Instant instant(JsonObject body, String field) {
    String raw = Bodies.requiredString(body, field, 40);
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(field,
          field + " 必须是带时区的 ISO-8601 时间，如 2026-05-01T09:00:00+08:00");
    }
  }

  private static BigDecimal amount(JsonObject body, String field) {
    double value = Bodies.requiredNumber(body, field);
    if (value <= 0 || value > 100) {
      throw ApiException.invalidField(field, field + " 须大于 0 且不超过 100");
    }
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
  }
}
