package org.jijiao.attendance;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.schooltraining.SchoolCreditPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Face-to-face sessions of special, principal and school-based projects: scheduling, sign-up
 * within capacity, QR attendance, the lead's confirmation, the trainee's summary, and the
 * credit entry written exactly once when all of them are there.
 */
public final class SessionService {

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  static final Set<String> KINDS_WITH_SESSIONS = Set.of("SPECIAL", "PRINCIPAL", "SCHOOL_BASED");
  /** Scans are accepted from this long before the start until this long after the end. */
  static final Duration EARLY = Duration.ofMinutes(60);
  static final Duration LATE = Duration.ofMinutes(60);

  /** A new session as the admin described it. */
  record Draft(String title, String venue, Instant startsAt, Instant endsAt, int capacity,
      String category, BigDecimal credits, BigDecimal hours, Long leadId, boolean checkOut,
      boolean needsConfirmation) {
  }

  /** A QR code to show in the room. */
  record Qr(long sessionId, QrTokens.Mode mode, String token, String content, long expiresAt,
      long refreshInSeconds, byte[] png) {

    JsonObject toJson() {
      return new JsonObject()
          .put("sessionId", sessionId)
          .put("mode", mode.name())
          .put("token", token)
          .put("content", content)
          .put("expiresAt", Instant.ofEpochSecond(expiresAt).toString())
          .put("refreshInSeconds", refreshInSeconds)
          .put("pngBase64", Base64.getEncoder().encodeToString(png));
    }
  }

  private final SessionStore store;
  private final Access access;
  private final QrTokens tokens;
  private final String scanUrl;
  private final SchoolCreditPolicy schoolPolicy;
  private final Vertx vertx;

  public SessionService(Vertx vertx, io.vertx.sqlclient.Pool pool, Access access,
      QrTokens tokens, String scanUrl, SchoolCreditPolicy schoolPolicy) {
    this.vertx = vertx;
    this.store = new SessionStore(pool);
    this.access = access;
    this.tokens = tokens;
    this.scanUrl = scanUrl;
    this.schoolPolicy = schoolPolicy;
  }

  Future<JsonObject> create(Principal admin, long projectId, Draft draft) {
    return project(projectId)
        .compose(project -> {
          access.requireScope(admin, project.ownerOrgId());
          if (!KINDS_WITH_SESSIONS.contains(project.kind())) {
            return Future.failedFuture(ApiException.conflict("wrong_project_kind",
                "只有专项培训、校长培训和校本培训可以安排面授场次"));
          }
          if ("SCHOOL_BASED".equals(project.kind())
              && draft.credits().compareTo(schoolPolicy.maxCreditsPerYear()) > 0) {
            return Future.failedFuture(ApiException.invalidField("credits",
                "校本培训单场学分不能超过年度上限 " + schoolPolicy.maxCreditsPerYear()));
          }
          Future<Boolean> leadOk = draft.leadId() == null ? Future.succeededFuture(true)
              : store.isCourseLead(draft.leadId());
          return leadOk.compose(ok -> ok ? Future.succeededFuture(project)
              : Future.failedFuture(ApiException.invalidField("leadId", "指定的课程负责人不存在")));
        })
        .compose(project -> store.pool().withTransaction(tx -> store
            .insertSession(tx, Tuple.from(new Object[] {projectId, draft.title(), draft.venue(),
                draft.startsAt().atOffset(java.time.ZoneOffset.UTC),
                draft.endsAt().atOffset(java.time.ZoneOffset.UTC), draft.capacity(),
                draft.category(), draft.credits(), draft.hours(), draft.leadId(),
                draft.checkOut(), draft.needsConfirmation(), admin.userId()}))
            .compose(id -> Audit.record(tx, admin.userId(), "session.create", "f2f_session", id,
                project.ownerOrgId(), new JsonObject().put("projectId", projectId)
                    .put("title", draft.title())).map(id))))
        .compose(id -> store.view(id, admin.userId()).map(found -> found.orElseThrow()));
  }

  /** Sessions of a project, for anyone inside the owner's subtree or managing it. */
  Future<JsonObject> list(Principal caller, long projectId) {
    return project(projectId)
        .compose(project -> {
          if (!caller.covers(project.ownerPath())
              && !caller.scopePath().startsWith(project.ownerPath())) {
            return Future.failedFuture(ApiException.outOfScope());
          }
          return store.projectSessions(projectId, caller.userId());
        })
        .map(items -> new JsonObject().put("items", items).put("total", items.size()));
  }

  Future<JsonObject> mine(Principal teacher, Paging paging) {
    return store.mySessions(teacher.userId(), paging.size(), paging.offset());
  }

  /** Signs up once; answers {created, session}. */
  Future<JsonObject> signUp(Principal teacher, long sessionId) {
    return session(sessionId)
        .compose(session -> eligible(teacher, session).map(session))
        .compose(session -> {
          if (Instant.now().isAfter(session.endsAt().toInstant())) {
            return Future.failedFuture(ApiException.conflict("session_over", "该场次已结束"));
          }
          return store.signUp(sessionId, teacher.userId());
        })
        .compose(created -> store.view(sessionId, teacher.userId())
            .map(found -> new JsonObject().put("created", created)
                .put("session", found.orElseThrow())));
  }

  Future<Void> cancel(Principal teacher, long sessionId) {
    return store.participant(sessionId, teacher.userId())
        .compose(found -> {
          Row row = found.orElseThrow(() -> ApiException.notFound("您未报名该场次"));
          if (row.getValue("checked_in_at") != null) {
            return Future.failedFuture(ApiException.conflict("already_checked_in",
                "已签到的场次不能取消报名"));
          }
          return store.cancel(sessionId, teacher.userId()).mapEmpty();
        });
  }

  /** The current QR code of a session, for its lead or an admin managing the project. */
  Future<Qr> qr(Principal manager, long sessionId, QrTokens.Mode mode) {
    return managed(manager, sessionId)
        .compose(session -> {
          if (mode == QrTokens.Mode.OUT && !session.checkOut()) {
            return Future.failedFuture(ApiException.conflict("no_check_out",
                "该场次未设置签退"));
          }
          long now = Instant.now().getEpochSecond();
          long window = tokens.windowAt(now);
          String token = tokens.issue(sessionId, mode, window);
          String content = scanUrl + token;
          long expiresAt = tokens.windowEnd(window);
          return vertx.executeBlocking(() -> QrImage.png(content), false)
              .map(png -> new Qr(sessionId, mode, token, content, expiresAt,
                  Math.max(1, expiresAt - now), png));
        });
  }

  /**
   * A scan: the token decides the session and the direction. Scanning twice changes nothing
   * the second time; a check-out needs a check-in first.
   */
  Future<JsonObject> scan(Principal teacher, String token, Long claimedSessionId) {
    QrTokens.Verified verified = tokens.verify(token, Instant.now().getEpochSecond());
    if (claimedSessionId != null && claimedSessionId != verified.sessionId()) {
      return Future.failedFuture(ApiException.conflict("qr_wrong_session",
          "该二维码属于另一场培训，请扫描本场培训现场的二维码"));
    }
    long sessionId = verified.sessionId();
    return session(sessionId)
        .compose(session -> {
          Instant now = Instant.now();
          if (now.isBefore(session.startsAt().toInstant().minus(EARLY))
              || now.isAfter(session.endsAt().toInstant().plus(LATE))) {
            return Future.failedFuture(ApiException.conflict("session_not_running",
                "不在该场次的签到时间内"));
          }
          return store.participant(sessionId, teacher.userId()).compose(found -> {
            Row row = found.orElseThrow(() -> ApiException.of(403, "not_signed_up",
                "您未报名该场次，不能签到"));
            if (verified.mode() == QrTokens.Mode.OUT && row.getValue("checked_in_at") == null) {
              return Future.failedFuture(ApiException.conflict("not_checked_in",
                  "请先签到再签退"));
            }
            return verified.mode() == QrTokens.Mode.IN
                ? store.checkIn(sessionId, teacher.userId())
                : store.checkOut(sessionId, teacher.userId());
          });
        })
        .compose(changed -> award(sessionId, teacher.userId())
            .compose(v -> store.view(sessionId, teacher.userId()))
            .map(found -> new JsonObject()
                .put("sessionId", sessionId)
                .put("mode", verified.mode().name())
                .put("already", !changed)
                .put("session", found.orElseThrow())));
  }

  Future<JsonObject> confirm(Principal manager, long sessionId, long teacherId) {
    return managed(manager, sessionId)
        .compose(session -> store.participant(sessionId, teacherId).compose(found -> {
          Row row = found.orElseThrow(() -> ApiException.notFound("该教师未报名此场次"));
          if (row.getValue("checked_in_at") == null) {
            return Future.failedFuture(ApiException.conflict("not_checked_in",
                "该教师尚未签到，不能确认出勤"));
          }
          return store.pool().withTransaction(tx -> store
              .confirm(tx, sessionId, teacherId, manager.userId())
              .compose(changed -> Audit.record(tx, manager.userId(), "session.confirm",
                  "f2f_session", sessionId, session.project().ownerOrgId(),
                  new JsonObject().put("teacherId", teacherId))));
        }))
        .compose(v -> award(sessionId, teacherId))
        .compose(v -> store.participant(sessionId, teacherId))
        .map(found -> new JsonObject().put("sessionId", sessionId).put("teacherId", teacherId)
            .put("confirmed", true)
            .put("credited", found.map(r -> r.getBigDecimal("credited"))
                .map(BigDecimal::doubleValue).orElse(null)));
  }

  Future<JsonObject> confirmAll(Principal manager, long sessionId) {
    return managed(manager, sessionId)
        .compose(session -> store.pool().withTransaction(tx -> store
            .confirmAll(tx, sessionId, manager.userId())
            .compose(ids -> Audit.record(tx, manager.userId(), "session.confirm_all",
                "f2f_session", sessionId, session.project().ownerOrgId(),
                new JsonObject().put("count", ids.size())).map(ids))))
        .compose(ids -> {
          Future<Void> chain = Future.succeededFuture();
          for (long teacherId : ids) {
            chain = chain.compose(v -> award(sessionId, teacherId));
          }
          return chain.map(v -> new JsonObject().put("sessionId", sessionId)
              .put("confirmed", ids.size()));
        });
  }

  Future<JsonObject> summary(Principal teacher, long sessionId, String text) {
    return session(sessionId)
        .compose(session -> store.summary(sessionId, teacher.userId(), text))
        .compose(saved -> saved ? award(sessionId, teacher.userId())
            : Future.failedFuture(ApiException.conflict("not_checked_in",
                "签到后才能提交培训总结")))
        .compose(v -> store.view(sessionId, teacher.userId()))
        .map(found -> found.orElseThrow());
  }

  Future<JsonObject> participants(Principal manager, long sessionId, Paging paging) {
    return managed(manager, sessionId)
        .compose(session -> store.participants(sessionId, paging.size(), paging.offset()));
  }

  /**
   * Writes the credit entry when attendance (check-in, and check-out where configured), the
   * summary and (where needed) the confirmation are all there. Decided under the
   * participant's row lock and keyed by (source, 'session:<id>:<teacher>'), so however many
   * scans, confirmations and summaries race, the ledger gets one entry. School-based credits
   * are trimmed to what the yearly cap leaves.
   */
  Future<Void> award(long sessionId, long teacherId) {
    return session(sessionId).compose(session -> store.pool().withTransaction(tx -> store
        .lockParticipant(tx, sessionId, teacherId)
        .compose(found -> {
          if (found.isEmpty() || !due(session, found.get())) {
            return Future.succeededFuture();
          }
          Row row = found.get();
          boolean schoolBased = "SCHOOL_BASED".equals(session.project().kind());
          int year = session.project().year();
          Future<BigDecimal> granted = schoolBased
              ? schoolPolicy.grant(tx, teacherId, year, session.credits())
              : Future.succeededFuture(session.credits());
          return granted.compose(credits -> {
            Future<Void> entry = credits.signum() == 0 ? Future.succeededFuture()
                : store.insertCredit(tx, Tuple.from(new Object[] {teacherId,
                    schoolBased ? "SCHOOL_BASED" : "FACE_TO_FACE", session.project().id(),
                    "session:" + sessionId + ":" + teacherId, year, session.category(), credits,
                    session.hours(), row.getLong("confirmed_by"),
                    note(session, credits)}));
            return entry.compose(v -> store.markCredited(tx, sessionId, teacherId, credits))
                .onSuccess(v -> LOG.info("event=session_credited session={} teacher={} "
                    + "credits={}", sessionId, teacherId, credits));
          });
        })));
  }

  private static boolean due(SessionStore.Session session, Row row) {
    return row.getValue("credited_at") == null
        && row.getValue("checked_in_at") != null
        && (!session.checkOut() || row.getValue("checked_out_at") != null)
        && row.getValue("summary_at") != null
        && (!session.needsConfirmation() || row.getValue("confirmed_at") != null);
  }

  private static String note(SessionStore.Session session, BigDecimal credits) {
    String note = "面授：" + session.title();
    return credits.compareTo(session.credits()) < 0 ? note + "（已达校本培训年度学分上限，按剩余额度计）"
        : note;
  }

  /** Teachers of an SPECIAL/PRINCIPAL project must be enrolled; school-based: its staff. */
  private Future<Void> eligible(Principal teacher, SessionStore.Session session) {
    SessionStore.Project project = session.project();
    if ("SCHOOL_BASED".equals(project.kind())
        && teacher.scopePath().startsWith(project.ownerPath())) {
      return Future.succeededFuture();
    }
    return store.enrolled(project.id(), teacher.userId()).compose(enrolled -> enrolled
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.of(403, "not_enrolled", "您未报名该培训项目，不能报名此场次")));
  }

  /** The session, if the caller is its lead or an admin whose scope covers the project. */
  private Future<SessionStore.Session> managed(Principal caller, long sessionId) {
    return session(sessionId).map(session -> {
      boolean lead = caller.has(Role.COURSE_LEAD) && session.leadId() != null
          && session.leadId() == caller.userId();
      if (!lead) {
        if (!caller.hasAny(Role.ANY_ADMIN)) {
          throw ApiException.forbidden("只有本场次的课程负责人或管理员可以进行此操作");
        }
        access.requireScope(caller, session.project().ownerOrgId());
      }
      return session;
    });
  }

  private Future<SessionStore.Project> project(long projectId) {
    return store.project(projectId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("培训项目不存在")));
  }

  private Future<SessionStore.Session> session(long sessionId) {
    return store.session(sessionId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("培训场次不存在")));
  }
}
