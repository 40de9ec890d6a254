package org.jijiao.approval;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.MultiMap;
import java.time.Instant;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.identity.Access;
import org.jijiao.identity.HashingPool;
import org.jijiao.identity.IdNumber;
import org.jijiao.identity.PasswordPolicy;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/**
 * Where each flow starts: public registration, a district's new-school proposal, an admin
 * change, a teacher's transfer, credit declaration (multipart with the certificate) and
 * credit appeal. Input is read strictly here; the engine checks it against the stores.
 */
public final class ApplicationRoutes implements RouteModule {

  private static final String PHONE = "1[3-9]\\d{9}";

  private final ApprovalClient approvals;
  private final HashingPool hashing;
  private final Certificates certificates;

  public ApplicationRoutes(ApprovalClient approvals, HashingPool hashing,
      Certificates certificates) {
    this.approvals = approvals;
    this.hashing = hashing;
    this.certificates = certificates;
  }

  @Override
  public void mountPublic(Router router) {
    router.post("/api/registrations").handler(this::register);
  }

  @Override
  public void mountProtected(Router router) {
    router.post("/api/admin/school-proposals").handler(Access.roles(Role.DISTRICT_ADMIN))
        .handler(this::proposeSchool);
    router.post("/api/admin/school-admin-changes")
        .handler(Access.roles(Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN))
        .handler(this::changeAdmin);
    router.post("/api/me/transfers").handler(Access.roles(Role.TEACHER))
        .handler(this::transfer);
    router.post("/api/me/credit-declarations").handler(Access.roles(Role.TEACHER))
        .handler(this::declare);
    router.post("/api/me/credit-appeals").handler(Access.roles(Role.TEACHER))
        .handler(this::appeal);
  }

  private void register(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    IdNumber.Parsed id = IdNumber.parse(Bodies.requiredString(body, "idNumber", 40));
    if (!id.ok()) {
      throw ApiException.invalidField("idNumber", "invalid_id_number", id.problem().message());
    }
    String name = Bodies.requiredString(body, "name", 30).strip();
    String password = Bodies.requiredString(body, "password", 128);
    checkPassword(password, id.number().value());
    long schoolId = Bodies.requiredLong(body, "schoolId");
    String stage = Bodies.requiredString(body, "stage", 20).strip().toUpperCase();
    long subjectId = Bodies.requiredLong(body, "subjectId");
    String phone = Bodies.requiredString(body, "phone", 20).strip();
    if (!phone.matches(PHONE)) {
      throw ApiException.invalidField("phone", "invalid_phone", "请输入 11 位手机号码");
    }

    hashing.hash(password)
        .compose(hash -> approvals.submit("REGISTRATION", null, new JsonObject()
            .put("idNumber", id.number().value()).put("name", name).put("passwordHash", hash)
            .put("schoolId", schoolId).put("stage", stage).put("subjectId", subjectId)
            .put("phone", phone)))
        .onSuccess(answer -> Json.created(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void proposeSchool(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    JsonObject payload = new JsonObject()
        .put("districtId", Bodies.optionalLong(body, "districtId"))
        .put("name", Bodies.requiredString(body, "name", 50).strip())
        .put("stageCode", Bodies.requiredString(body, "stageCode", 20).strip().toUpperCase());

    submit(ctx, "NEW_SCHOOL", payload);
  }

  private void changeAdmin(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    JsonObject payload = new JsonObject()
        .put("schoolId", Bodies.requiredLong(body, "schoolId"))
        .put("accountId", Bodies.requiredLong(body, "accountId"));

    submit(ctx, "ADMIN_CHANGE", payload);
  }

  private void transfer(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    JsonObject payload = new JsonObject()
        .put("targetSchoolId", Bodies.requiredLong(body, "targetSchoolId"))
        .put("reason", Bodies.requiredString(body, "reason", 200).strip());

    submit(ctx, "TRANSFER", payload);
  }

  private void appeal(RoutingContext ctx) {
    JsonObject body = Bodies.json(ctx);
    Long projectId = Bodies.optionalLong(body, "projectId");
    Long courseId = Bodies.optionalLong(body, "courseId");
    if (projectId == null && courseId == null) {
      throw ApiException.invalidField("courseId", "missing_field", "请指明申诉的培训项目或课程");
    }
    JsonObject payload = new JsonObject()
        .put("projectId", projectId)
        .put("courseId", courseId)
        .put("year", Amounts.year("year", body.getValue("year"), 2000, thisYear()))
        .put("category", Amounts.category("category", body.getValue("category"), false))
        .put("credits", Amounts.parse("credits", body.getValue("credits"), -100, 100, false)
            .toPlainString())
        .put("hours", Amounts.parse("hours", body.getValue("hours"), -200, 200, true)
            .toPlainString())
        .put("reason", Bodies.requiredString(body, "reason", 500).strip())
        .put("evidence", Bodies.requiredString(body, "evidence", 2000).strip());

    submit(ctx, "APPEAL", payload);
  }

  /**
   * Multipart: the form fields, then the certificate. Fields are checked before the file is
   * touched; a refused file stays in the upload directory, which the body handler empties
   * when the request ends; a kept file is removed again if the submission fails.
   */
  private void declare(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String title = form.get("title") == null ? "" : form.get("title").strip();
    if (title.isEmpty() || title.codePointCount(0, title.length()) > 100) {
      throw ApiException.invalidField("title", "missing_field", "请填写培训名称（100 字以内）");
    }
    String organizer = form.get("organizer") == null ? null : form.get("organizer").strip();
    JsonObject payload = new JsonObject()
        .put("title", title)
        .put("organizer", organizer)
        .put("year", Amounts.year("year", form.get("year"), 2000, thisYear()))
        .put("category", Amounts.category("category", form.get("category"), true))
        .put("hours", Amounts.parse("hours", form.get("hours"), 0, 200, false).toPlainString())
        .put("credits", Amounts.parse("credits", form.get("credits"), 0, 100, false)
            .toPlainString());
    FileUpload file = ctx.fileUploads().stream()
        .filter(f -> "certificate".equals(f.name()))
        .findFirst()
        .orElseThrow(() -> ApiException.invalidField("certificate", "missing_file",
            "请上传培训证书（PDF、JPEG 或 PNG）"));
    Principal principal = Principal.of(ctx);

    certificates.keep(file)
        .compose(kept -> approvals.submit("DECLARATION", principal,
                payload.put("certificate", kept))
            .recover(e -> certificates.discard(kept).transform(v -> failed(e))))
        .onSuccess(answer -> Json.created(ctx, answer))
        .onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx, String flow, JsonObject payload) {
    approvals.submit(flow, Principal.of(ctx), payload)
        .onSuccess(answer -> Json.created(ctx, answer))
        .onFailure(ctx::fail);
  }

  private static void checkPassword(String password, String idNumber) {
    try {
      PasswordPolicy.check(password, idNumber);
    } catch (ApiException e) {
      throw ApiException.invalidField("password", e.code(), e.getMessage());
    }
  }

  private static int thisYear() {
    return Beijing.yearOf(Instant.now());
  }

  private static <T> io.vertx.core.Future<T> failed(Throwable e) {
    return io.vertx.core.Future.failedFuture(e);
  }
}
