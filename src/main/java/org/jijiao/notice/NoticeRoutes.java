package org.jijiao.notice;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
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

/** {@code /api/notices/*} for readers and {@code /api/admin/notices/*} for publishers. */
public final class NoticeRoutes implements RouteModule {

  static final int MAX_TITLE = 100;
  static final int MAX_BODY = 20_000;

  private final NoticeService notices;

  public NoticeRoutes(NoticeService notices) {
    this.notices = notices;
  }

  public static NoticeRoutes create(org.jijiao.platform.Platform p) {
    NoticeService.Limits limits = new NoticeService.Limits(
        p.config().integer("notices.maxAttachmentBytes", 1024, 200 << 20),
        p.config().integer("notices.maxAttachments", 1, 100));
    return new NoticeRoutes(new NoticeService(p.pool(), p.access(), p.vertx().fileSystem(),
        java.nio.file.Path.of(p.settings().files().filesDir()), limits));
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/notices").handler(this::list);
    router.get("/api/notices/:id").handler(this::open);
    router.get("/api/notices/:id/attachments/:aid").handler(this::download);

    router.route("/api/admin/notices*").handler(Access.roles(Role.ANY_ADMIN));
    router.get("/api/admin/notices").handler(this::adminList);
    router.get("/api/admin/notices/:id").handler(this::manage);
    router.post("/api/admin/notices").handler(this::publish);
    router.put("/api/admin/notices/:id").handler(this::update);
    router.put("/api/admin/notices/:id/pin").handler(this::pin);
    router.delete("/api/admin/notices/:id").handler(this::delete);
    router.post("/api/admin/notices/:id/attachments").handler(this::attach);
    router.delete("/api/admin/notices/:id/attachments/:aid").handler(this::detach);
  }

  private void list(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);

    notices.readerList(Principal.of(ctx), paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void open(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    notices.open(Principal.of(ctx), id)
        .onSuccess(notice -> Json.ok(ctx, notice))
        .onFailure(ctx::fail);
  }

  private void download(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    long attachmentId = Bodies.pathId(ctx, "aid");
    boolean inline = "1".equals(ctx.request().getParam("inline"));

    notices.download(Principal.of(ctx), id, attachmentId)
        .compose(found -> ctx.response()
            .putHeader("Content-Type", found.attachment().contentType())
            .putHeader("Content-Disposition", Attachments.contentDisposition(
                found.attachment().fileName(), attachmentId, inline))
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Content-Security-Policy", "default-src 'none'; sandbox")
            .putHeader("Cache-Control", "private, no-store")
            .sendFile(found.file().toString()))
        .onFailure(e -> {
          if (!ctx.response().headWritten()) {
            ctx.fail(e instanceof ApiException ? e : ApiException.notFound("附件文件不存在"));
          }
        });
  }

  private void manage(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    notices.manage(Principal.of(ctx), id)
        .onSuccess(notice -> Json.ok(ctx, notice))
        .onFailure(ctx::fail);
  }

  private void adminList(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);

    notices.adminList(Principal.of(ctx), paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void publish(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    String title = title(body);
    String html = Bodies.requiredString(body, "bodyHtml", MAX_BODY);
    boolean pinned = Bodies.optionalBoolean(body, "pinned", false);
    Long orgId = Bodies.optionalLong(body, "orgId");

    notices.publish(Principal.of(ctx), orgId, title, html, pinned)
        .onSuccess(notice -> Json.created(ctx, notice))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    String title = title(body);
    String html = Bodies.requiredString(body, "bodyHtml", MAX_BODY);
    Boolean pinned = body.getValue("pinned") == null ? null
        : Bodies.optionalBoolean(body, "pinned", false);

    notices.update(Principal.of(ctx), id, title, html, pinned)
        .onSuccess(notice -> Json.ok(ctx, notice))
        .onFailure(ctx::fail);
  }

  private void pin(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    if (!(body.getValue("pinned") instanceof Boolean pinned)) {
      throw ApiException.invalidField("pinned", "pinned 必须是 true 或 false");
    }

    notices.pin(Principal.of(ctx), id, pinned)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    notices.delete(Principal.of(ctx), id)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void attach(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    FileUpload upload = ctx.fileUploads().stream().findFirst()
        .orElseThrow(() -> ApiException.invalidField("file", "missing_file",
            "请以 multipart/form-data 上传一个文件（字段名 file）"));

    notices.attach(Principal.of(ctx), id, upload)
        .onSuccess(attachment -> Json.created(ctx, attachment))
        .onFailure(ctx::fail);
  }

  private void detach(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");
    long attachmentId = Bodies.pathId(ctx, "aid");

    notices.detach(Principal.of(ctx), id, attachmentId)
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** Titles are plain text: kept as typed (the API returns data, pages escape it). */
  private static String title(JsonObject body) {
    return Bodies.requiredString(body, "title", MAX_TITLE).strip();
  }
}
