package org.jijiao.course;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Paging;
import org.jijiao.identity.Principal;

/**
 * The rules of the course library: a professional course's subject belongs to its stage,
 * every change is audited in its own transaction, and nodes drop cached recommendations
 * after a change commits.
 */
public final class CourseService {

  private final Pool pool;
  private final CourseStore store;
  private final CatalogueEvents events;

  public CourseService(Pool pool, CourseStore store, CatalogueEvents events) {
    this.pool = pool;
    this.store = store;
    this.events = events;
  }

  public Future<JsonObject> list(CourseFilter filter, Paging paging) {
    return store.list(pool, filter, paging.size(), paging.offset());
  }

  /** Fails with 404 when the course does not exist. */
  public Future<JsonObject> detail(long id) {
    return store.detail(pool, id)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("课程不存在")));
  }

  public Future<JsonObject> create(Principal actor, CourseInput input) {
    return checkSubject(input)
        .compose(ok -> pool.withTransaction(tx -> store.insert(tx, input)
            .compose(id -> Audit.record(tx, actor.userId(), "course.create", "course", id,
                actor.orgId(), input.toJson()).map(id))))
        .compose(this::detail);
  }

  /** A full replacement of the course's fields; 404 when it does not exist. */
  public Future<JsonObject> update(Principal actor, long id, CourseInput input) {
    return checkSubject(input)
        .compose(ok -> pool.withTransaction(tx -> store.update(tx, id, input)
            .compose(found -> {
              if (!found) {
                return Future.failedFuture(ApiException.notFound("课程不存在"));
              }
              return Audit.record(tx, actor.userId(), "course.update", "course", id,
                  actor.orgId(), input.toJson());
            })))
        .onSuccess(v -> events.courseChanged(id))
        .compose(v -> detail(id));
  }

  public Future<JsonObject> addVideo(Principal actor, long courseId, String title,
      int durationSeconds, String mediaFile) {
    return pool.withTransaction(tx -> store.addVideo(tx, courseId, title, durationSeconds,
            mediaFile)
        .compose(found -> {
          JsonObject video = found.orElseThrow(() -> ApiException.notFound("课程不存在"));
          return Audit.record(tx, actor.userId(), "course.video.add", "course", courseId,
              actor.orgId(), video).map(video);
        }))
        .onSuccess(v -> events.courseChanged(courseId));
  }

  /** The projects offering the course, how often it was chosen in each, and the count. */
  public Future<JsonObject> usage(long courseId) {
    return detail(courseId).compose(course -> store.usage(pool, courseId)
        .map(projects -> new JsonObject()
            .put("courseId", courseId)
            .put("usageCount", course.getInteger("usageCount"))
            .put("projects", projects)));
  }

  private Future<Void> checkSubject(CourseInput input) {
    if (input.subjectId() == null) {
      return Future.succeededFuture();
    }
    return store.stageOfSubject(pool, input.subjectId()).compose(stage -> {
      if (stage.isEmpty() || !stage.get().equals(input.stageCode())) {
        return Future.failedFuture(ApiException.invalidField("subjectId", "invalid_value",
            "该学科不属于所选学段"));
      }
      return Future.succeededFuture();
    });
  }
}
