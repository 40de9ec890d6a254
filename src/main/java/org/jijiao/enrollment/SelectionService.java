package org.jijiao.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;

/**
 * Course selection (选课): only by an approved enrollee, only among the teacher's
 * recommendations, once per course (a unique key), dropped only before learning starts.
 */
public final class SelectionService {

  /** An answer with whether it created the selection (201) or found it (200). */
  public record Outcome(boolean created, JsonObject selection) {
  }

  private final Pool pool;
  private final SelectionStore store;
  private final Recommendations recommendations;

  public SelectionService(Pool pool, SelectionStore store, Recommendations recommendations) {
    this.pool = pool;
    this.store = store;
    this.recommendations = recommendations;
  }

  /**
   * Fails with 404 (project not open to the teacher), 409 {@code not_enrolled} (no approved
   * enrollment) or 409 {@code not_recommended} (the course is not among the choices).
   */
  public Future<Outcome> select(Principal teacher, long projectId, long courseId) {
    long teacherId = teacher.userId();
    Future<Boolean> recommended = recommendations.recommends(teacher, projectId, courseId);
    return recommended.compose(ok -> store.enrollment(pool, projectId, teacherId))
        .compose(enrollment -> {
          if (enrollment.isEmpty() || !"APPROVED".equals(enrollment.get().getString("status"))) {
            throw ApiException.conflict("not_enrolled", "请先报名该培训项目并通过审核");
          }
          if (!recommended.result()) {
            throw ApiException.conflict("not_recommended", "该课程不在您的可选课程范围内");
          }
          return store.insert(pool, enrollment.get().getLong("id"), projectId, teacherId,
              courseId);
        })
        .compose(inserted -> inserted.isPresent()
            ? Future.succeededFuture(new Outcome(true, inserted.get()))
            : store.existing(pool, projectId, teacherId, courseId)
                .map(found -> new Outcome(false, found.orElseThrow(
                    () -> new IllegalStateException("selection vanished")))));
  }

  public Future<Void> drop(Principal teacher, long selectionId) {
    return store.drop(pool, selectionId, teacher.userId());
  }

  public Future<JsonObject> mine(Principal teacher, Long projectId) {
    return store.mine(pool, teacher.userId(), projectId)
        .map(items -> new JsonObject().put("items", items).put("total", items.size()));
  }
}
