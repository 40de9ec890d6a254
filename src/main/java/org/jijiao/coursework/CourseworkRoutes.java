package org.jijiao.coursework;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.common.Text;
import org.jijiao.credit.Scoring;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/** Homework, quiz and evaluation of a selection; homework grading for leads and tutors. */
public final class CourseworkRoutes implements RouteModule {

  static final int MAX_BODY_CHARS = 5_000;
  static final long MAX_FILE_BYTES = 10L << 20;

  private final CourseworkService work;

  public CourseworkRoutes(CourseworkService work) {
    this.work = work;
  }

  public static CourseworkRoutes create(Platform p) {
    return new CourseworkRoutes(new CourseworkService(p.vertx(), p.pool(),
        new CourseworkStore(), new Scoring(), p.settings().files().filesDir(),
        Clock.systemUTC()));
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/selections/:id/homework").handler(this::homework);
    router.post("/api/selections/:id/homework").handler(this::submitHomework);
    router.get("/api/admin/homework")
        .handler(Access.roles(Role.COURSE_LEAD, Role.TUTOR))
        .handler(this::forGrading);
    router.get("/api/admin/homework/:id/attachment")
        .handler(Access.roles(Role.COURSE_LEAD, Role.TUTOR))
        .handler(this::attachment);
    router.post("/api/admin/homework/:id/grade")
        .handler(Access.roles(Role.COURSE_LEAD, Role.TUTOR))
        .handler(this::grade);
    router.get("/api/selections/:id/quiz").handler(this::quiz);
    router.post("/api/selections/:id/quiz").handler(this::submitQuiz);
    router.post("/api/selections/:id/evaluation").handler(this::evaluate);
  }

  private void homework(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    work.homework(Principal.of(ctx).userId(), id)
        .onSuccess(view -> Json.ok(ctx, view))
        .onFailure(ctx::fail);
  }

  private void submitHomework(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    String type = ctx.request().getHeader("Content-Type");
    boolean multipart = type != null && type.toLowerCase().startsWith("multipart/form-data");
    String body = multipart ? ctx.request().getFormAttribute("body")
        : Bodies.optionalString(Bodies.json(ctx), "body", MAX_BODY_CHARS);
    if (body == null || body.isBlank()) {
      throw ApiException.invalidField("body", "missing_field", "请填写作业内容");
    }
    if (Text.length(body) > MAX_BODY_CHARS) {
      throw ApiException.invalidField("body", "too_long", "作业内容最多 5000 字");
    }
    CourseworkService.Upload upload = multipart ? upload(ctx.fileUploads()) : null;

    work.submitHomework(Principal.of(ctx).userId(), id, body, upload)
        .onSuccess(saved -> Json.ok(ctx, saved))
        .onFailure(ctx::fail);
  }

  private static CourseworkService.Upload upload(List<FileUpload> uploads) {
    if (uploads.isEmpty()) {
      return null;
    }
    if (uploads.size() > 1 || !"file".equals(uploads.get(0).name())) {
      throw ApiException.invalidField("file", "只能上传一个附件（字段名 file）");
    }
    FileUpload file = uploads.get(0);
    if (file.size() > MAX_FILE_BYTES) {
      throw ApiException.of(413, "too_large", "附件不能超过 10 MB");
    }
    return new CourseworkService.Upload(file.uploadedFileName(), file.fileName(), file.size());
  }

  private void grade(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    double score = Bodies.requiredNumber(body, "score");
    String comment = Bodies.optionalString(body, "comment", 1000);
    if (score < 0 || score > 100) {
      throw ApiException.invalidField("score", "分数须在 0 到 100 之间");
    }

    work.grade(Principal.of(ctx), id, BigDecimal.valueOf(score), comment == null ? "" : comment)
        .onSuccess(graded -> Json.ok(ctx, graded))
        .onFailure(ctx::fail);
  }

  /** {@code ?status=ungraded|graded&courseId=&page=&size=}: what waits for this grader. */
  private void forGrading(RoutingContext ctx) {
    String status = ctx.request().getParam("status");
    Boolean ungraded = status == null || status.isBlank() ? null
        : switch (status.toLowerCase(java.util.Locale.ROOT)) {
          case "ungraded" -> true;
          case "graded" -> false;
          default -> throw ApiException.invalidField("status", "status 只能是 ungraded 或 graded");
        };
    Long courseId = Bodies.queryLong(ctx, "courseId");
    Paging paging = Paging.from(ctx);

    work.forGrading(Principal.of(ctx), ungraded, courseId, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void attachment(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    work.attachmentFor(Principal.of(ctx), id)
        .onSuccess(file -> ctx.response()
            .putHeader("Content-Type", file.type() == null ? "application/octet-stream"
                : file.type())
            .putHeader("Content-Disposition", "attachment; filename=\"homework\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(file.name(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"))
            .putHeader("X-Content-Type-Options", "nosniff")
            .sendFile(file.file()))
        .onFailure(ctx::fail);
  }

  private void quiz(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    work.quiz(Principal.of(ctx).userId(), id)
        .onSuccess(view -> Json.ok(ctx, view))
        .onFailure(ctx::fail);
  }

  private void submitQuiz(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    Object answers = body.getValue("answers");
    if (!(answers instanceof JsonObject map) || map.size() > 200) {
      throw ApiException.invalidField("answers", "answers 须为 {题目编号: 选项} 的对象");
    }
    String key = Bodies.optionalString(body, "attemptKey", 64);

    work.submitQuiz(Principal.of(ctx).userId(), id, map, key)
        .onSuccess(result -> Json.ok(ctx, result))
        .onFailure(ctx::fail);
  }

  private void evaluate(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    long rating = Bodies.requiredLong(body, "rating");
    String comment = Bodies.optionalString(body, "comment", 500);
    if (rating < 1 || rating > 5) {
      throw ApiException.invalidField("rating", "评分须为 1 到 5");
    }

    work.evaluate(Principal.of(ctx).userId(), id, (int) rating, comment == null ? "" : comment)
        .onSuccess(e -> Json.send(ctx, e.created() ? 201 : 200, e.json()))
        .onFailure(ctx::fail);
  }
}
