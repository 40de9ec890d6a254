package org.jijiao.enrollment;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.live.LiveCounters;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment (报名): once per teacher and project (a unique key, {@code on conflict do
 * nothing}), only within the window (judged by the database clock in the seat update), never
 * above the capacity (the conditional seat update in the same transaction as the insert, so
 * a duplicate never takes a seat), optionally approved by the school admin.
 */
public final class EnrollmentService {

  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);

  /** Published after each enrollment change: {@code {change, enrollment...}}. */
  public static final String CHANGED_ADDRESS = "jijiao.enrollment.changed";

  /** An answer with whether it created the enrollment (201) or found it (200). */
  public record Outcome(boolean created, JsonObject enrollment) {
  }

  private final Pool pool;
  private final EnrollmentStore store;
  private final LiveCounters counters;
  private final Access access;
  private final EventBus bus;
  private final Notifier notifier;

  public EnrollmentService(Pool pool, EnrollmentStore store, LiveCounters counters,
      Access access, EventBus bus, Notifier notifier) {
    this.pool = pool;
    this.store = store;
    this.counters = counters;
    this.access = access;
    this.bus = bus;
    this.notifier = notifier;
  }

  /**
   * Enrolls the teacher. Fails with 404 (no such project), 409 {@code not_eligible},
   * {@code enrollment_closed} or {@code capacity_full}.
   */
  public Future<Outcome> enroll(Principal teacher, long projectId) {
    return store.attempt(pool, teacher.userId(), projectId).compose(found -> {
      EnrollmentStore.Attempt attempt = found.orElseThrow(
          () -> ApiException.notFound("培训项目不存在"));
      if (attempt.enrollmentId() != null) {
        return existing(projectId, teacher.userId());
      }
      refuseEarly(teacher, attempt);
      String status = attempt.needsApproval() ? "PENDING" : "APPROVED";
      return pool.withTransaction(tx -> store.insert(tx, projectId, teacher.userId(),
              attempt.phaseId(), attempt.orgId(), status)
          .compose(inserted -> {
            if (inserted.isEmpty()) {
              return Future.succeededFuture((JsonObject) null);
            }
            return store.takeSeat(tx, projectId).compose(seated -> seated
                ? Future.succeededFuture(inserted.get())
                : store.windowClosed(tx, projectId).compose(closed -> Future.failedFuture(
                    closed ? closed() : full())));
          }))
          .compose(created -> {
            if (created == null) {
              return existing(projectId, teacher.userId());
            }
            afterChange("CREATED", created, attempt.districtId(), attempt.stageCode(), 1);
            return Future.succeededFuture(new Outcome(true, created));
          });
    });
  }

  /** The checks that need no lock; the seat update re-checks the window and capacity. */
  private static void refuseEarly(Principal teacher, EnrollmentStore.Attempt attempt) {
    if (!teacher.has(Role.TEACHER) || !"ACTIVE".equals(attempt.accountStatus())
        || !attempt.orgPath().startsWith(attempt.ownerPath())
        || attempt.hasPhases() && attempt.phaseId() == null) {
      throw ApiException.conflict("not_eligible", "您不在该培训项目的报名范围内");
    }
    if (attempt.notYetOpen() || attempt.closed()) {
      throw closed();
    }
    // Only a shortcut for a full project; the seat update decides.
    if (attempt.capacity() != null && attempt.enrolledCount() >= attempt.capacity()) {
      throw full();
    }
  }

  private Future<Outcome> existing(long projectId, long teacherId) {
    return store.byTeacher(pool, projectId, teacherId)
        .map(found -> new Outcome(false, found.orElseThrow(
            () -> new IllegalStateException("enrollment vanished"))));
  }

  public Future<JsonObject> adminList(Principal admin, Long projectId, String status,
      Paging paging) {
    Future<Void> visible = projectId == null ? Future.succeededFuture()
        : store.projectOwnerPath(pool, projectId).map(owner -> {
          String path = owner.orElseThrow(() -> ApiException.notFound("培训项目不存在"));
          // A project is visible when it is open to the admin's area or run inside it.
          if (!admin.scopePath().startsWith(path) && !admin.covers(path)) {
            throw ApiException.outOfScope();
          }
          return null;
        });
    return visible.compose(v -> store.adminList(pool, admin.scopePath(), projectId, status,
        paging.size(), paging.offset()));
  }

  /**
   * The school admin's decision on a pending enrollment. Deciding again the same way gives
   * the same answer; a different decision on a decided enrollment is 409
   * {@code already_decided}. A rejection gives the seat back.
   */
  public Future<JsonObject> decide(Principal admin, long enrollmentId, boolean approve,
      String comment) {
    String status = approve ? "APPROVED" : "REJECTED";
    return store.byId(pool, enrollmentId).compose(found -> {
      Row row = found.orElseThrow(() -> ApiException.notFound("报名记录不存在"));
      access.requireScope(admin, row.getLong("org_id"));
      long projectId = row.getLong("project_id");
      return pool.withTransaction(tx -> store.decide(tx, enrollmentId, status, admin.userId(),
              comment)
          .compose(decided -> {
            if (decided.isEmpty()) {
              return Future.succeededFuture((JsonObject) null);
            }
            Future<Void> seat = approve ? Future.succeededFuture()
                : store.releaseSeat(tx, projectId);
            return seat.compose(v -> Audit.record(tx, admin.userId(),
                    "enrollment." + status.toLowerCase(), "enrollment", enrollmentId,
                    row.getLong("org_id"), new JsonObject().put("comment", comment)))
                .map(decided.get());
          }))
          .compose(decided -> {
            if (decided == null) {
              return sameDecisionOrConflict(enrollmentId, status);
            }
            afterChange(status, decided, row.getLong("district_id"),
                row.getString("stage_code"), approve ? 0 : -1);
            notifyTeacher(decided, approve, comment);
            return Future.succeededFuture(decided);
          });
    });
  }

  private Future<JsonObject> sameDecisionOrConflict(long enrollmentId, String status) {
    return store.byId(pool, enrollmentId).map(found -> {
      JsonObject current = EnrollmentStore.enrollment(found.orElseThrow());
      if (!status.equals(current.getString("status"))) {
        throw ApiException.conflict("already_decided", "该报名已处理，不能再更改");
      }
      return current;
    });
  }

  /** Live counters and the event follow the commit; a Redis hiccup must not fail it. */
  private void afterChange(String change, JsonObject enrollment, long districtId,
      String stageCode, int delta) {
    if (delta != 0) {
      LiveCounters.Fact fact = new LiveCounters.Fact(enrollment.getLong("trainingId"),
          districtId, enrollment.getLong("orgId"), stageCode);
      counters.count(fact, delta).onFailure(e -> LOG.warn(
          "event=live_count_failed enrollment={} cause={}", enrollment.getLong("id"),
          e.toString()));
    }
    bus.publish(CHANGED_ADDRESS, enrollment.copy().put("change", change)
        .put("districtId", districtId).put("stageCode", stageCode));
  }

  private void notifyTeacher(JsonObject enrollment, boolean approved, String comment) {
    long id = enrollment.getLong("id");
    notifier.send(new Notice(enrollment.getLong("teacherId"), "ENROLLMENT_DECISION",
        approved ? "您的培训报名已通过审核" : "您的培训报名未通过审核",
        comment == null ? "" : comment, "/trainings/" + enrollment.getLong("trainingId"),
        "enrollment:" + id + ":decision"));
  }

  private static ApiException closed() {
    return ApiException.conflict("enrollment_closed", "不在报名时间内");
  }

  private static ApiException full() {
    return ApiException.conflict("capacity_full", "报名人数已满");
  }
}
