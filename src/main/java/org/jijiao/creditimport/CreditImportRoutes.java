package org.jijiao.creditimport;

import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Downloads;
import org.jijiao.common.Json;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/** {@code /api/admin/credit-imports}: upload (dry run or commit), result, error report. */
public final class CreditImportRoutes implements RouteModule {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final CreditImportService imports;

  public CreditImportRoutes(CreditImportService imports) {
    this.imports = imports;
  }

  @Override
  public void mountProtected(Router router) {
    router.post("/api/admin/credit-imports")
        .handler(Access.roles(Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)).handler(this::upload);
    router.get("/api/admin/credit-imports/:id")
        .handler(Access.roles(Role.ANY_ADMIN)).handler(this::find);
    router.get("/api/admin/credit-imports/:id/errors.xlsx")
        .handler(Access.roles(Role.ANY_ADMIN)).handler(this::errorReport);
  }

  /** Dry run unless {@code dryRun=false} says otherwise: committing is always explicit. */
  private void upload(RoutingContext ctx) {
    String dryRun = ctx.request().getParam("dryRun", "true");
    if (!dryRun.equals("true") && !dryRun.equals("false")) {
      throw ApiException.invalidField("dryRun", "wrong_type", "dryRun 只能是 true 或 false");
    }
    FileUpload file = ctx.fileUploads().stream()
        .filter(f -> "file".equals(f.name()))
        .findFirst()
        .orElseThrow(() -> ApiException.invalidField("file", "missing_file",
            "请以 multipart/form-data 上传 .xlsx 文件（字段名 file）"));

    imports.run(Principal.of(ctx), file, Boolean.parseBoolean(dryRun))
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void find(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    imports.find(Principal.of(ctx), id)
        .onSuccess(answer -> Json.ok(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void errorReport(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    imports.errorReport(Principal.of(ctx), id)
        .onSuccess(bytes -> Downloads.attachment(ctx.response(), XLSX,
                "学分导入错误报告-" + id + ".xlsx", "credit-import-errors-" + id + ".xlsx")
            .end(bytes))
        .onFailure(ctx::fail);
  }
}
