package org.jijiao.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.jijiao.course.Fields;

/** The SQL of enrollment: the attempt, the seat, the approval and the admin list. */
public final class EnrollmentStore {

  /**
   * Everything an attempt needs in one round trip: the teacher, the project judged with the
   * database clock, the phase matching the teacher's stage and any earlier enrollment.
   */
  private static final String ATTEMPT = """
      select a.org_id, o.path as org_path, coalesce(o.district_id, 0) as district_id,
             a.stage_code, a.status as account_status,
             p.id as project_id, p.capacity, p.enrolled_count, p.needs_approval,
             po.path as owner_path,
             now() < p.enroll_opens_at as not_yet_open, now() >= p.enroll_closes_at as closed,
             exists (select 1 from project_phase ph where ph.project_id = p.id) as has_phases,
             (select ph.id from project_phase ph
               where ph.project_id = p.id
                 and (ph.stage_code is null or ph.stage_code = a.stage_code)
               order by ph.ord limit 1) as phase_id,
             e.id as enrollment_id
        from account a
        join org_unit o on o.id = a.org_id
        join training_project p on p.id = $2
        join org_unit po on po.id = p.owner_org_id
        left join enrollment e on e.project_id = p.id and e.teacher_id = a.id
       where a.id = $1""";

  static final String ENROLLMENT_COLUMNS = """
      e.id, e.project_id, e.teacher_id, e.phase_id, e.org_id, e.status, e.created_at,
      e.decided_at, e.decision_comment""";

  private static final String BY_ID = "select " + ENROLLMENT_COLUMNS
      + ", o.path as org_path, coalesce(o.district_id, 0) as district_id, a.stage_code"
      + " from enrollment e join org_unit o on o.id = e.org_id"
      + " join account a on a.id = e.teacher_id where e.id = $1";

  private static final String BY_TEACHER = "select " + ENROLLMENT_COLUMNS
      + " from enrollment e where e.project_id = $1 and e.teacher_id = $2";

  /** A retried attempt (a double click, two tabs) meets the unique key and inserts nothing. */
  private static final String INSERT = """
      insert into enrollment (project_id, teacher_id, phase_id, org_id, status)
      values ($1, $2, $3, $4, $5)
      on conflict (project_id, teacher_id) do nothing
      returning id, project_id, teacher_id, phase_id, org_id, status, created_at,
                decided_at, decision_comment""";

  /**
   * Takes a seat: one conditional update, so thousands of concurrent attempts queue on the
   * project row and each re-checks the condition on the latest count. The window is judged
   * here too, with the database clock, so the decision and the write are one step.
   */
  private static final String TAKE_SEAT = """
      update training_project
         set enrolled_count = enrolled_count + 1
       where id = $1
         and (capacity is null or enrolled_count < capacity)
         and now() >= enroll_opens_at and now() < enroll_closes_at
      returning enrolled_count""";

  private static final String WHY_NO_SEAT = """
      select now() < enroll_opens_at or now() >= enroll_closes_at as closed
        from training_project where id = $1""";

  private static final String RELEASE_SEAT = """
      update training_project set enrolled_count = enrolled_count - 1
       where id = $1 and enrolled_count > 0""";

  private static final String DECIDE = """
      update enrollment
         set status = $2, decided_by = $3, decided_at = now(), decision_comment = $4
       where id = $1 and status = 'PENDING'
      returning id, project_id, teacher_id, phase_id, org_id, status, created_at,
                decided_at, decision_comment""";

  private static final String PROJECT_SCOPE = """
      select o.path from training_project p join org_unit o on o.id = p.owner_org_id
       where p.id = $1""";

  private static final String ADMIN_FILTER = """
       where starts_with(o.path, $1)
         and ($2::bigint is null or e.project_id = $2)
         and ($3::text is null or e.status = $3)""";

  private static final String ADMIN_LIST = "select " + ENROLLMENT_COLUMNS + """
      , p.name as project_name, a.name as teacher_name, o.name as org_name,
             e.decided_by
        from enrollment e
        join org_unit o on o.id = e.org_id
        join account a on a.id = e.teacher_id
        join training_project p on p.id = e.project_id""" + "\n" + ADMIN_FILTER + """

       order by e.created_at desc, e.id desc
       limit $4 offset $5""";

  private static final String ADMIN_COUNT = """
      select count(*) from enrollment e join org_unit o on o.id = e.org_id""" + "\n"
      + ADMIN_FILTER;

  /** What an enrollment attempt found before writing anything. */
  public record Attempt(long orgId, String orgPath, long districtId, String stageCode,
      String accountStatus, Integer capacity, int enrolledCount, boolean needsApproval,
      String ownerPath, boolean notYetOpen, boolean closed, boolean hasPhases, Long phaseId,
      Long enrollmentId) {
  }

  public Future<Optional<Attempt>> attempt(SqlClient db, long teacherId, long projectId) {
    return db.preparedQuery(ATTEMPT).execute(Tuple.of(teacherId, projectId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new Attempt(r.getLong("org_id"), r.getString("org_path"),
          r.getLong("district_id"), r.getString("stage_code"), r.getString("account_status"),
          r.getInteger("capacity"), r.getInteger("enrolled_count"),
          r.getBoolean("needs_approval"), r.getString("owner_path"),
          r.getBoolean("not_yet_open"), r.getBoolean("closed"), r.getBoolean("has_phases"),
          r.getLong("phase_id"), r.getLong("enrollment_id")));
    });
  }

  public Future<Optional<JsonObject>> byTeacher(SqlClient db, long projectId, long teacherId) {
    return db.preparedQuery(BY_TEACHER).execute(Tuple.of(projectId, teacherId))
        .map(EnrollmentStore::first);
  }

  /** The enrollment with its organisation path, district and the teacher's stage. */
  public Future<Optional<Row>> byId(SqlClient db, long id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** The new enrollment, or empty when the teacher already had one. */
  public Future<Optional<JsonObject>> insert(SqlClient db, long projectId, long teacherId,
      Long phaseId, long orgId, String status) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(projectId, teacherId, phaseId, orgId, status))
        .map(EnrollmentStore::first);
  }

  public Future<Boolean> takeSeat(SqlClient db, long projectId) {
    return db.preparedQuery(TAKE_SEAT).execute(Tuple.of(projectId)).map(rows -> rows.size() > 0);
  }

  /** Whether the window is what refused the seat (otherwise the project is full). */
  public Future<Boolean> windowClosed(SqlClient db, long projectId) {
    return db.preparedQuery(WHY_NO_SEAT).execute(Tuple.of(projectId))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> releaseSeat(SqlClient db, long projectId) {
    return db.preparedQuery(RELEASE_SEAT).execute(Tuple.of(projectId)).mapEmpty();
  }

  /** The decided enrollment, or empty when it was not pending any more. */
  public Future<Optional<JsonObject>> decide(SqlClient db, long id, String status,
      long deciderId, String comment) {
    return db.preparedQuery(DECIDE).execute(Tuple.of(id, status, deciderId, comment))
        .map(EnrollmentStore::first);
  }

  public Future<Optional<String>> projectOwnerPath(SqlClient db, long projectId) {
    return db.preparedQuery(PROJECT_SCOPE).execute(Tuple.of(projectId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString(0)));
  }

  public Future<JsonObject> adminList(SqlClient db, String scopePath, Long projectId,
      String status, int limit, int offset) {
    Future<RowSet<Row>> rows = db.preparedQuery(ADMIN_LIST)
        .execute(Tuple.of(scopePath, projectId, status, limit, offset));
    Future<RowSet<Row>> count = db.preparedQuery(ADMIN_COUNT)
        .execute(Tuple.of(scopePath, projectId, status));
    return Future.all(rows, count).map(done -> {
      JsonArray items = new JsonArray();
      rows.result().forEach(row -> items.add(enrollment(row)
          .put("trainingName", row.getString("project_name"))
          .put("teacherName", row.getString("teacher_name"))
          .put("orgName", row.getString("org_name"))
          .put("decidedBy", row.getLong("decided_by"))));
      return new JsonObject().put("items", items)
          .put("total", count.result().iterator().next().getLong(0));
    });
  }

  private static Optional<JsonObject> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(enrollment(rows.iterator().next()));
  }

  static JsonObject enrollment(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("trainingId", row.getLong("project_id"))
        .put("teacherId", row.getLong("teacher_id"))
        .put("phaseId", row.getLong("phase_id"))
        .put("orgId", row.getLong("org_id"))
        .put("status", row.getString("status"))
        .put("createdAt", Fields.iso(row.getOffsetDateTime("created_at")))
        .put("decidedAt", Fields.iso(row.getOffsetDateTime("decided_at")))
        .put("decisionComment", row.getString("decision_comment"));
  }
}
