package org.jijiao.org;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.identity.SessionRevocations;
import org.jijiao.server.RouteModule;

/**
 * Base data for the admin console: the organisation tree and the teachers of a subtree.
 * Every answer is cut to the caller's scope; asking for a node outside it is a 403.
 */
public final class OrgRoutes implements RouteModule {

  private final Access access;
  private final TeacherStore teachers;
  private final SessionRevocations revocations;

  public OrgRoutes(Access access, TeacherStore teachers, SessionRevocations revocations) {
    this.access = access;
    this.teachers = teachers;
    this.revocations = revocations;
  }

  /** Stages and subjects: needed before login by the registration form. */
  @Override
  public void mountPublic(Router router) {
    router.get("/api/reference/stages").handler(this::stages);
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/reference/schools").handler(this::schools);
    router.get("/api/admin/orgs").handler(Access.roles(Role.ANY_ADMIN)).handler(this::children);
    router.get("/api/admin/orgs/:id").handler(Access.roles(Role.ANY_ADMIN)).handler(this::one);
    router.get("/api/admin/teachers").handler(Access.roles(Role.ANY_ADMIN)).handler(this::list);
    router.get("/api/admin/teachers/:id").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::teacher);
    router.put("/api/admin/teachers/:id").handler(Access.roles(Role.SCHOOL_ADMIN,
        Role.DISTRICT_ADMIN, Role.SYS_ADMIN)).handler(this::update);
    router.post("/api/admin/teachers/:id/reset-password").handler(Access.roles(
        Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN, Role.SYS_ADMIN)).handler(this::resetPassword);
  }

  private void stages(RoutingContext ctx) {
    teachers.stagesWithSubjects()
        .onSuccess(items -> Json.ok(ctx, new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  /**
   * Schools by name, for any logged-in user (a teacher choosing the school to transfer to):
   * names and districts are public knowledge, nothing else is answered.
   */
  private void schools(RoutingContext ctx) {
    String query = ctx.request().getParam("q");
    if (query == null || query.isBlank() || query.length() > 40) {
      throw ApiException.invalidField("q", "请输入 1 到 40 个字的学校名称");
    }
    Paging paging = Paging.from(ctx);
    String wanted = query.strip();

    JsonArray items = new JsonArray();
    access.orgs().schoolsNamed(wanted).stream().limit(paging.size()).forEach(school -> items.add(
        new JsonObject()
            .put("id", school.id())
            .put("name", school.name())
            .put("districtId", school.districtId())
            .put("districtName", access.orgs().find(school.districtId()).map(OrgUnit::name)
                .orElse(null))
            .put("stageCode", school.stageCode())));
    Json.ok(ctx, new JsonObject().put("items", items).put("total", items.size()));
  }

  /** Children of a node (default: the caller's own node), with teacher counts. */
  private void children(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    Long parentId = Bodies.queryLong(ctx, "parentId");
    OrgUnit parent = parentId == null ? access.home(principal)
        : access.requireScope(principal, parentId);
    List<OrgUnit> children = access.orgs().children(parent.id());

    teachers.countByOrgPrefix(parent.path()).onSuccess(counts -> {
      JsonArray items = new JsonArray();
      children.forEach(child -> items.add(toJson(child)
          .put("teacherCount", counts.getOrDefault(child.id(), 0L))));
      Json.ok(ctx, new JsonObject().put("parent", toJson(parent)).put("items", items)
          .put("total", items.size()));
    }).onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    OrgUnit unit = access.requireScope(Principal.of(ctx), Bodies.pathId(ctx, "id"));
    Json.ok(ctx, toJson(unit));
  }

  private void list(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    Long orgId = Bodies.queryLong(ctx, "orgId");
    OrgUnit scope = orgId == null ? access.home(principal) : access.requireScope(principal, orgId);
    String query = ctx.request().getParam("q");
    if (query != null && query.length() > 40) {
      throw ApiException.invalidField("q", "too_long", "搜索内容过长");
    }
    Paging paging = Paging.from(ctx);

    teachers.search(scope.path(), query, paging)
        .onSuccess(page -> Json.ok(ctx, page))
        .onFailure(ctx::fail);
  }

  private void teacher(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);

    teachers.find(Bodies.pathId(ctx, "id"))
        .map(found -> {
          JsonObject teacher = found.orElseThrow(() -> ApiException.notFound("教师不存在"));
          access.requireScope(principal, teacher.getLong("orgId"));
          return teacher;
        })
        .onSuccess(teacher -> Json.ok(ctx, teacher))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    long id = Bodies.pathId(ctx, "id");
    TeacherStore.Changes changes = TeacherStore.Changes.from(Bodies.json(ctx));

    teachers.find(id)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("教师不存在")))
        .compose(teacher -> {
          requireManageable(principal, teacher);
          return teachers.update(principal.userId(), id, teacher.getLong("orgId"), changes);
        })
        .compose(v -> teachers.find(id))
        .onSuccess(found -> Json.ok(ctx, found.orElseThrow()))
        .onFailure(ctx::fail);
  }

  private void resetPassword(RoutingContext ctx) {
    Principal principal = Principal.of(ctx);
    long id = Bodies.pathId(ctx, "id");

    teachers.find(id)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("教师不存在")))
        .compose(teacher -> {
          requireManageable(principal, teacher);
          return teachers.resetPassword(principal.userId(), id, teacher.getLong("orgId"));
        })
        // Whoever held the teacher's sessions (perhaps with a leaked password) is signed out.
        .compose(temporary -> revocations.revokeEverywhere(id, "password_reset").map(temporary))
        .onSuccess(temporary -> Json.ok(ctx, new JsonObject()
            .put("temporaryPassword", temporary)
            .put("mustChangePassword", true)))
        .onFailure(ctx::fail);
  }

  /**
   * An admin manages plain teachers in scope. Accounts that also hold an admin role (a school
   * admin, a district admin) are changed through their own channels or by a system admin, and
   * nobody resets their own password here: otherwise a scope check alone would let an admin
   * take over a peer or a superior account.
   */
  private void requireManageable(Principal principal, JsonObject teacher) {
    access.requireScope(principal, teacher.getLong("orgId"));
    if (teacher.getLong("id") == principal.userId()) {
      throw ApiException.forbidden("不能在此修改自己的账号");
    }
    boolean holdsAdminRole = teacher.getJsonArray("roles").stream()
        .anyMatch(role -> Role.ADMINS.contains(Role.valueOf((String) role)));
    if (holdsAdminRole && !principal.has(Role.SYS_ADMIN)) {
      throw ApiException.forbidden("该账号具有管理员角色，只能由系统管理员处理");
    }
  }

  static JsonObject toJson(OrgUnit unit) {
    return new JsonObject()
        .put("id", unit.id())
        .put("parentId", unit.parentId())
        .put("kind", unit.kind())
        .put("type", unit.kind())
        .put("hasChildren", !"SCHOOL".equals(unit.kind()))
        .put("code", unit.code())
        .put("name", unit.name())
        .put("districtId", unit.districtId())
        .put("stageCode", unit.stageCode());
  }
}
