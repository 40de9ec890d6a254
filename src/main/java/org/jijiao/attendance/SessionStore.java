package org.jijiao.attendance;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The SQL of face-to-face sessions, sign-ups, attendance and their credits. */
final class SessionStore {

  /** A project as sessions need it. */
  record Project(long id, String name, String kind, int year, long ownerOrgId,
      String ownerPath) {
  }

  /** A session with its project. */
  record Session(long id, Project project, String title, OffsetDateTime startsAt,
      OffsetDateTime endsAt, int capacity, BigDecimal credits, BigDecimal hours,
      String category, Long leadId, boolean checkOut, boolean needsConfirmation) {
  }

  private static final String PROJECT = """
      select p.id, p.name, p.kind, p.year, p.owner_org_id, o.path
      from training_project p join org_unit o on o.id = p.owner_org_id
      where p.id = $1""";

  private static final String SESSION = """
      select s.id, s.title, s.starts_at, s.ends_at, s.capacity, s.credits, s.hours,
        s.category, s.lead_id, s.check_out, s.needs_confirmation,
        p.id as project_id, p.name, p.kind, p.year, p.owner_org_id, o.path
      from f2f_session s
      join training_project p on p.id = s.project_id
      join org_unit o on o.id = p.owner_org_id
      where s.id = $1""";

  private static final String IS_LEAD = """
      select 1 from account_role where account_id = $1 and role = 'COURSE_LEAD'""";

  private static final String INSERT_SESSION = """
      insert into f2f_session (project_id, title, venue, starts_at, ends_at, capacity, category,
        credits, hours, lead_id, check_out, needs_confirmation, created_by)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      returning id""";

  private static final String SESSION_VIEW = """
      select s.id, s.project_id, s.title, s.venue, s.starts_at, s.ends_at, s.capacity,
        s.signed_up, s.category, s.credits, s.hours, s.lead_id, s.check_out,
        s.needs_confirmation,
        pt.signed_up_at, pt.checked_in_at, pt.checked_out_at, pt.confirmed_at, pt.summary_at,
        pt.credited_at, pt.credited
      from f2f_session s
      left join f2f_participant pt on pt.session_id = s.id and pt.teacher_id = $2
      """;

  private static final String ONE_VIEW = SESSION_VIEW + "where s.id = $1";

  private static final String PROJECT_SESSIONS = SESSION_VIEW + """
      where s.project_id = $1 order by s.starts_at, s.id""";

  private static final String MY_SESSIONS = """
      select s.id, s.project_id, s.title, s.venue, s.starts_at, s.ends_at, s.capacity,
        s.signed_up, s.category, s.credits, s.hours, s.lead_id, s.check_out,
        s.needs_confirmation,
        pt.signed_up_at, pt.checked_in_at, pt.checked_out_at, pt.confirmed_at, pt.summary_at,
        pt.credited_at, pt.credited
      from f2f_participant pt join f2f_session s on s.id = pt.session_id
      where pt.teacher_id = $1
      order by s.starts_at desc, s.id desc
      limit $2 offset $3""";

  private static final String COUNT_MY_SESSIONS = """
      select count(*) from f2f_participant where teacher_id = $1""";

  private static final String ENROLLED = """
      select 1 from enrollment
      where project_id = $1 and teacher_id = $2 and status = 'APPROVED'""";

  private static final String JOIN = """
      insert into f2f_participant (session_id, teacher_id) values ($1, $2)
      on conflict (session_id, teacher_id) do nothing""";

  private static final String TAKE_SEAT = """
      update f2f_session set signed_up = signed_up + 1
      where id = $1 and signed_up < capacity""";

  private static final String LEAVE = """
      delete from f2f_participant
      where session_id = $1 and teacher_id = $2 and checked_in_at is null""";

  private static final String FREE_SEAT = """
      update f2f_session set signed_up = signed_up - 1 where id = $1 and signed_up > 0""";

  private static final String PARTICIPANT = """
      select checked_in_at, checked_out_at, confirmed_at, summary_at, credited_at, credited
      from f2f_participant where session_id = $1 and teacher_id = $2""";

  private static final String CHECK_IN = """
      update f2f_participant set checked_in_at = now()
      where session_id = $1 and teacher_id = $2 and checked_in_at is null""";

  private static final String CHECK_OUT = """
      update f2f_participant set checked_out_at = now()
      where session_id = $1 and teacher_id = $2 and checked_in_at is not null
        and checked_out_at is null""";

  private static final String CONFIRM = """
      update f2f_participant set confirmed_at = now(), confirmed_by = $3
      where session_id = $1 and teacher_id = $2 and checked_in_at is not null
        and confirmed_at is null""";

  private static final String CONFIRM_ALL = """
      update f2f_participant set confirmed_at = now(), confirmed_by = $2
      where session_id = $1 and checked_in_at is not null and confirmed_at is null
      returning teacher_id""";

  private static final String SUMMARY = """
      update f2f_participant set summary = $3, summary_at = now()
      where session_id = $1 and teacher_id = $2 and checked_in_at is not null""";

  private static final String PARTICIPANTS = """
      select pt.teacher_id, a.name, o.name as org_name, pt.signed_up_at, pt.checked_in_at,
        pt.checked_out_at, pt.confirmed_at, pt.summary_at, pt.summary, pt.credited_at,
        pt.credited, count(*) over () as total
      from f2f_participant pt
      join account a on a.id = pt.teacher_id
      join org_unit o on o.id = a.org_id
      where pt.session_id = $1
      order by pt.signed_up_at, pt.teacher_id
      limit $2 offset $3""";

  /** The participant row, locked: awarding credits is decided once, under this lock. */
  private static final String LOCK_PARTICIPANT = """
      select checked_in_at, checked_out_at, confirmed_at, summary_at, credited_at, confirmed_by
      from f2f_participant where session_id = $1 and teacher_id = $2
      for update""";

  private static final String INSERT_CREDIT = """
      insert into credit_entry (teacher_id, source, project_id, source_ref, year, category,
        credits, hours, approved_by, note)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      on conflict (source, source_ref) where source_ref is not null do nothing""";

  private static final String MARK_CREDITED = """
      update f2f_participant set credited_at = now(), credited = $3
      where session_id = $1 and teacher_id = $2""";

  private final Pool pool;

  SessionStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Optional<Project>> project(long id) {
    return pool.preparedQuery(PROJECT).execute(Tuple.of(id))
        .map(rows -> first(rows).map(r -> new Project(r.getLong(0), r.getString(1),
            r.getString(2), r.getInteger(3), r.getLong(4), r.getString(5))));
  }

  Future<Optional<Session>> session(long id) {
    return pool.preparedQuery(SESSION).execute(Tuple.of(id))
        .map(rows -> first(rows).map(r -> new Session(r.getLong("id"),
            new Project(r.getLong("project_id"), r.getString("name"), r.getString("kind"),
                r.getInteger("year"), r.getLong("owner_org_id"), r.getString("path")),
            r.getString("title"), r.getOffsetDateTime("starts_at"),
            r.getOffsetDateTime("ends_at"), r.getInteger("capacity"),
            r.getBigDecimal("credits"), r.getBigDecimal("hours"), r.getString("category"),
            r.getLong("lead_id"), r.getBoolean("check_out"),
            r.getBoolean("needs_confirmation"))));
  }

  Future<Boolean> isCourseLead(long accountId) {
    return pool.preparedQuery(IS_LEAD).execute(Tuple.of(accountId)).map(rows -> rows.size() > 0);
  }

  Future<Long> insertSession(SqlClient client, Tuple values) {
    return client.preparedQuery(INSERT_SESSION).execute(values)
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Optional<JsonObject>> view(long sessionId, long viewerId) {
    return pool.preparedQuery(ONE_VIEW).execute(Tuple.of(sessionId, viewerId))
        .map(rows -> first(rows).map(SessionStore::sessionJson));
  }

  Future<JsonArray> projectSessions(long projectId, long viewerId) {
    return pool.preparedQuery(PROJECT_SESSIONS).execute(Tuple.of(projectId, viewerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(sessionJson(r)));
          return items;
        });
  }

  Future<JsonObject> mySessions(long teacherId, int limit, int offset) {
    Future<RowSet<Row>> page = pool.preparedQuery(MY_SESSIONS)
        .execute(Tuple.of(teacherId, limit, offset));
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT_MY_SESSIONS)
        .execute(Tuple.of(teacherId));
    return Future.all(page, count).map(done -> {
      JsonArray items = new JsonArray();
      page.result().forEach(r -> items.add(sessionJson(r)));
      return new JsonObject().put("items", items)
          .put("total", count.result().iterator().next().getLong(0));
    });
  }

  Future<Boolean> enrolled(long projectId, long teacherId) {
    return pool.preparedQuery(ENROLLED).execute(Tuple.of(projectId, teacherId))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Signs up once: answers true when this call took a seat, false when the teacher already
   * had one. A full session rolls the new row back and fails with 409 capacity_full.
   */
  Future<Boolean> signUp(long sessionId, long teacherId) {
    return pool.withTransaction(tx -> tx.preparedQuery(JOIN)
        .execute(Tuple.of(sessionId, teacherId))
        .compose(joined -> joined.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(TAKE_SEAT).execute(Tuple.of(sessionId))
                .compose(seat -> seat.rowCount() == 1 ? Future.succeededFuture(true)
                    : Future.failedFuture(org.jijiao.common.ApiException.conflict(
                        "capacity_full", "该场次名额已满")))));
  }

  Future<Boolean> cancel(long sessionId, long teacherId) {
    return pool.withTransaction(tx -> tx.preparedQuery(LEAVE)
        .execute(Tuple.of(sessionId, teacherId))
        .compose(left -> left.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery(FREE_SEAT).execute(Tuple.of(sessionId)).map(true)));
  }

  Future<Optional<Row>> participant(long sessionId, long teacherId) {
    return pool.preparedQuery(PARTICIPANT).execute(Tuple.of(sessionId, teacherId))
        .map(SessionStore::first);
  }

  /** Answers whether this scan changed anything (false: already checked in/out). */
  Future<Boolean> checkIn(long sessionId, long teacherId) {
    return pool.preparedQuery(CHECK_IN).execute(Tuple.of(sessionId, teacherId))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> checkOut(long sessionId, long teacherId) {
    return pool.preparedQuery(CHECK_OUT).execute(Tuple.of(sessionId, teacherId))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> confirm(SqlClient client, long sessionId, long teacherId, long by) {
    return client.preparedQuery(CONFIRM).execute(Tuple.of(sessionId, teacherId, by))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<java.util.List<Long>> confirmAll(SqlClient client, long sessionId, long by) {
    return client.preparedQuery(CONFIRM_ALL).execute(Tuple.of(sessionId, by))
        .map(rows -> {
          java.util.List<Long> ids = new java.util.ArrayList<>();
          rows.forEach(r -> ids.add(r.getLong(0)));
          return ids;
        });
  }

  Future<Boolean> summary(long sessionId, long teacherId, String text) {
    return pool.preparedQuery(SUMMARY).execute(Tuple.of(sessionId, teacherId, text))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<JsonObject> participants(long sessionId, int limit, int offset) {
    return pool.preparedQuery(PARTICIPANTS).execute(Tuple.of(sessionId, limit, offset))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(attendanceJson(r)
                .put("teacherId", r.getLong("teacher_id"))
                .put("name", r.getString("name"))
                .put("orgName", r.getString("org_name"))
                .put("summary", r.getString("summary")));
          }
          return new JsonObject().put("items", items).put("total", total);
        });
  }

  Future<Optional<Row>> lockParticipant(SqlClient tx, long sessionId, long teacherId) {
    return tx.preparedQuery(LOCK_PARTICIPANT).execute(Tuple.of(sessionId, teacherId))
        .map(SessionStore::first);
  }

  Future<Void> insertCredit(SqlClient tx, Tuple values) {
    return tx.preparedQuery(INSERT_CREDIT).execute(values).mapEmpty();
  }

  Future<Void> markCredited(SqlClient tx, long sessionId, long teacherId, BigDecimal credited) {
    return tx.preparedQuery(MARK_CREDITED).execute(Tuple.of(sessionId, teacherId, credited))
        .mapEmpty();
  }

  private static JsonObject sessionJson(Row r) {
    JsonObject json = new JsonObject()
        .put("id", r.getLong("id"))
        .put("projectId", r.getLong("project_id"))
        .put("title", r.getString("title"))
        .put("venue", r.getString("venue"))
        .put("startsAt", iso(r.getOffsetDateTime("starts_at")))
        .put("endsAt", iso(r.getOffsetDateTime("ends_at")))
        .put("capacity", r.getInteger("capacity"))
        .put("signedUp", r.getInteger("signed_up"))
        .put("category", r.getString("category"))
        .put("credits", r.getBigDecimal("credits").doubleValue())
        .put("hours", r.getBigDecimal("hours").doubleValue())
        .put("leadId", r.getLong("lead_id"))
        .put("checkOut", r.getBoolean("check_out"))
        .put("needsConfirmation", r.getBoolean("needs_confirmation"));
    json.put("mine", r.getValue("signed_up_at") == null ? null : attendanceJson(r));
    return json;
  }

  static JsonObject attendanceJson(Row r) {
    BigDecimal credited = r.getBigDecimal("credited");
    return new JsonObject()
        .put("signedUpAt", iso(r.getOffsetDateTime("signed_up_at")))
        .put("checkedInAt", iso(r.getOffsetDateTime("checked_in_at")))
        .put("checkedOutAt", iso(r.getOffsetDateTime("checked_out_at")))
        .put("confirmedAt", iso(r.getOffsetDateTime("confirmed_at")))
        .put("summaryAt", iso(r.getOffsetDateTime("summary_at")))
        .put("creditedAt", iso(r.getOffsetDateTime("credited_at")))
        .put("credited", credited == null ? null : credited.doubleValue());
  }

  static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
