package org.jijiao.training;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Paging;
import org.jijiao.course.CatalogueEvents;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;

/**
 * The rules of training projects. Admins manage the projects owned within their scope;
 * institution and system admins may own a project anywhere in their scope (the city),
 * other admins only at their own organisation. Teachers see the projects whose owner
 * covers their school.
 */
public final class TrainingService {

  private final Pool pool;
  private final TrainingStore store;
  private final Access access;
  private final CatalogueEvents events;

  public TrainingService(Pool pool, TrainingStore store, Access access, CatalogueEvents events) {
    this.pool = pool;
    this.store = store;
    this.access = access;
    this.events = events;
  }

  public Future<JsonObject> adminList(Principal admin, Integer year, Paging paging) {
    return store.adminList(pool, admin.scopePath(), year, paging.size(), paging.offset());
  }

  /** The project with phases and offer; 404 unknown, 403 when owned outside the scope. */
  public Future<JsonObject> adminGet(Principal admin, long id) {
    return store.find(pool, id).compose(found -> {
      JsonObject project = found.orElseThrow(() -> ApiException.notFound("培训项目不存在"));
      access.requireScope(admin, project.getLong("ownerOrgId"));
      return withPhasesAndOffer(project);
    });
  }

  public Future<JsonObject> create(Principal admin, TrainingInput input) {
    long owner = ownerFor(admin, input.ownerOrgId());

    return pool.withTransaction(tx -> store.insert(tx, input, owner)
            .compose(id -> (input.phases() == null ? Future.succeededFuture()
                : store.replacePhases(tx, id, input.phases()))
                .compose(v -> Audit.record(tx, admin.userId(), "training.create",
                    "training_project", id, owner, input.auditDetail(owner)))
                .map(id)))
        .compose(id -> adminGet(admin, id));
  }

  public Future<JsonObject> update(Principal admin, long id, TrainingInput input) {
    return adminGet(admin, id).compose(current -> {
      long owner = input.ownerOrgId() == null ? current.getLong("ownerOrgId")
          : ownerFor(admin, input.ownerOrgId());
      return pool.withTransaction(tx -> store.update(tx, id, input, owner)
          .compose(found -> found ? Future.succeededFuture()
              : Future.failedFuture(ApiException.notFound("培训项目不存在")))
          .compose(v -> input.phases() == null ? Future.succeededFuture()
              : store.replacePhases(tx, id, input.phases()))
          .compose(v -> Audit.record(tx, admin.userId(), "training.update",
              "training_project", id, owner, input.auditDetail(owner))));
    })
        .onSuccess(v -> events.projectChanged(id))
        .compose(v -> adminGet(admin, id));
  }

  /**
   * Replaces the project's offer. Courses that teachers already chose here cannot be taken
   * out (409 {@code course_in_use}); unknown ids are a 400.
   */
  public Future<JsonObject> setOffer(Principal admin, long id, List<Long> courseIds) {
    Set<Long> wanted = new TreeSet<>(courseIds);
    Long[] wantedArray = wanted.toArray(new Long[0]);

    return pool.withTransaction(tx -> store.lockProject(tx, id)
        .compose(owner -> {
          access.requireScope(admin, owner.orElseThrow(
              () -> ApiException.notFound("培训项目不存在")));
          return store.existingCourses(tx, wantedArray);
        })
        .compose(existing -> {
          Set<Long> unknown = new LinkedHashSet<>(wanted);
          unknown.removeAll(existing);
          if (!unknown.isEmpty()) {
            throw ApiException.invalidField("courseIds", "unknown_course",
                "课程不存在：" + unknown);
          }
          return store.offeredIds(tx, id);
        })
        .compose(current -> applyOffer(tx, admin, id, wanted, current)))
        .onSuccess(v -> events.projectChanged(id))
        .compose(v -> adminGet(admin, id));
  }

  private Future<Void> applyOffer(SqlClient tx, Principal admin, long id, Set<Long> wanted,
      Set<Long> current) {
    Set<Long> added = new TreeSet<>(wanted);
    added.removeAll(current);
    Set<Long> removed = new TreeSet<>(current);
    removed.removeAll(wanted);
    Long[] addedArray = added.toArray(new Long[0]);
    Long[] removedArray = removed.toArray(new Long[0]);

    return store.selectedAmong(tx, id, removedArray)
        .compose(inUse -> {
          if (!inUse.isEmpty()) {
            throw ApiException.conflict("course_in_use", "以下课程已有学员选修，不能从项目中移除：" + inUse);
          }
          return store.changeOffer(tx, id, addedArray, removedArray);
        })
        .compose(v -> Audit.record(tx, admin.userId(), "training.offer", "training_project", id,
            null, new JsonObject().put("added", new JsonArray(List.of(addedArray)))
                .put("removed", new JsonArray(List.of(removedArray)))));
  }

  /** Projects open to the teacher in a year (this year in Beijing when not given). */
  public Future<JsonObject> openTo(Principal teacher, Integer year) {
    int wanted = year == null ? Beijing.yearOf(java.time.Instant.now()) : year;
    return store.openTo(pool, teacher.scopePath(), teacher.userId(), wanted, null)
        .map(items -> new JsonObject().put("items", new JsonArray(items))
            .put("total", items.size()));
  }

  /** One project open to the teacher; 404 when it does not exist or is not open to them. */
  public Future<JsonObject> forTeacher(Principal teacher, long id) {
    return store.openTo(pool, teacher.scopePath(), teacher.userId(), null, id)
        .compose(items -> {
          if (items.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("培训项目不存在"));
          }
          return withPhasesAndOffer(items.get(0));
        });
  }

  private Future<JsonObject> withPhasesAndOffer(JsonObject project) {
    long id = project.getLong("id");
    Future<JsonArray> phases = store.phases(pool, id);
    Future<JsonArray> offer = store.offer(pool, id);
    return Future.all(phases, offer).map(done -> project
        .put("phases", phases.result())
        .put("courses", offer.result()));
  }

  private long ownerFor(Principal admin, Long requested) {
    long owner = requested == null ? admin.orgId() : requested;
    access.requireScope(admin, owner);
    if (owner != admin.orgId() && !admin.hasAny(Role.INSTITUTION_ADMIN, Role.SYS_ADMIN)) {
      throw ApiException.of(403, "forbidden", "您只能创建本单位的培训项目");
    }
    return owner;
  }
}
