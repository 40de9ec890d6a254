package org.jijiao.training;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jijiao.common.ApiException;
import org.jijiao.common.DbErrors;
import org.jijiao.course.Fields;

/** The SQL of training projects and their course offer. */
public final class TrainingStore {

  static final String COLUMNS = """
      p.id, p.name, p.kind, p.year, p.owner_org_id, o.name as owner_name,
      p.enroll_opens_at, p.enroll_closes_at, p.study_opens_at, p.study_closes_at,
      p.capacity, p.enrolled_count, p.needs_approval, p.required_public,
      p.required_professional, p.pass_score_public, p.pass_score_professional,
      p.weight_video, p.weight_homework, p.weight_quiz, p.weight_forum, p.max_playback_rate,
      now() >= p.enroll_opens_at and now() < p.enroll_closes_at as enroll_open""";

  /**
   * Projects an admin manages (owned inside the scope) and, read-only, the projects that
   * reach the admin's teachers from above (a city project seen by a district admin).
   */
  private static final String ADMIN_LIST = "select " + COLUMNS + """
      , starts_with(o.path, $1) as editable,
        (select count(*) from project_course pc where pc.project_id = p.id) as course_count
        from training_project p join org_unit o on o.id = p.owner_org_id
       where (starts_with(o.path, $1) or starts_with($1, o.path))
         and ($2::int is null or p.year = $2)
       order by p.year desc, p.id
       limit $3 offset $4""";

  private static final String ADMIN_COUNT = """
      select count(*) from training_project p join org_unit o on o.id = p.owner_org_id
       where (starts_with(o.path, $1) or starts_with($1, o.path))
         and ($2::int is null or p.year = $2)""";

  private static final String BY_ID = "select " + COLUMNS + """

        from training_project p join org_unit o on o.id = p.owner_org_id
       where p.id = $1""";

  /** Projects whose owner covers the teacher's organisation, with the teacher's enrollment. */
  private static final String OPEN_TO = "select " + COLUMNS + """
      , e.id as enrollment_id, e.status as enrollment_status
        from training_project p join org_unit o on o.id = p.owner_org_id
        left join enrollment e on e.project_id = p.id and e.teacher_id = $2
       where starts_with($1, o.path) and ($3::int is null or p.year = $3)
         and ($4::bigint is null or p.id = $4)
       order by p.enroll_opens_at desc, p.id""";

  private static final String PHASES = """
      select ph.id, ph.ord, ph.name, ph.stage_code, st.name as stage, ph.starts_at, ph.ends_at
        from project_phase ph left join stage st on st.code = ph.stage_code
       where ph.project_id = $1 order by ph.ord""";

  private static final String OFFER = """
      select c.id, c.code, c.title, c.category, c.stage_code, c.subject_id, c.credits, c.hours
        from project_course pc join course c on c.id = pc.course_id
       where pc.project_id = $1 order by c.category desc, c.stage_code, c.subject_id, c.id""";

  private static final String INSERT = """
      insert into training_project (name, kind, year, owner_org_id, enroll_opens_at,
          enroll_closes_at, study_opens_at, study_closes_at, capacity, needs_approval,
          required_public, required_professional, pass_score_public, pass_score_professional,
          weight_video, weight_homework, weight_quiz, weight_forum, max_playback_rate)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
              $19)
      returning id""";

  private static final String UPDATE = """
      update training_project
         set name = $1, kind = $2, year = $3, owner_org_id = $4, enroll_opens_at = $5,
             enroll_closes_at = $6, study_opens_at = $7, study_closes_at = $8, capacity = $9,
             needs_approval = $10, required_public = $11, required_professional = $12,
             pass_score_public = $13, pass_score_professional = $14, weight_video = $15,
             weight_homework = $16, weight_quiz = $17, weight_forum = $18,
             max_playback_rate = $19
       where id = $20""";

  private static final String UPSERT_PHASE = """
      insert into project_phase (project_id, ord, name, stage_code, starts_at, ends_at)
      values ($1, $2, $3, $4, $5, $6)
      on conflict (project_id, ord) do update
         set name = excluded.name, stage_code = excluded.stage_code,
             starts_at = excluded.starts_at, ends_at = excluded.ends_at""";

  private static final String DELETE_PHASES_AFTER =
      "delete from project_phase where project_id = $1 and ord > $2";

  /** Serialises offer changes of one project and tells its owner. */
  private static final String LOCK_PROJECT =
      "select owner_org_id from training_project where id = $1 for update";

  private static final String OFFERED_IDS =
      "select course_id from project_course where project_id = $1";

  private static final String EXISTING_COURSES = "select id from course where id = any($1)";

  private static final String SELECTED_AMONG = """
      select distinct course_id from selection where project_id = $1 and course_id = any($2)""";

  /** Courses whose usage changes, locked in id order so concurrent offers cannot deadlock. */
  private static final String LOCK_COURSES =
      "select id from course where id = any($1) order by id for update";

  private static final String REMOVE_OFFERED =
      "delete from project_course where project_id = $1 and course_id = any($2)";

  private static final String ADD_OFFERED = """
      insert into project_course (project_id, course_id)
      select $1, unnest($2::bigint[]) on conflict do nothing""";

  private static final String USAGE_DELTA =
      "update course set usage_count = usage_count + $2 where id = any($1)";

  public Future<JsonObject> adminList(SqlClient db, String scopePath, Integer year, int limit,
      int offset) {
    Future<RowSet<Row>> rows = db.preparedQuery(ADMIN_LIST)
        .execute(Tuple.of(scopePath, year, limit, offset));
    Future<RowSet<Row>> count = db.preparedQuery(ADMIN_COUNT).execute(Tuple.of(scopePath, year));
    return Future.all(rows, count).map(done -> {
      JsonArray items = new JsonArray();
      rows.result().forEach(row -> items.add(project(row)
          .put("editable", row.getBoolean("editable"))
          .put("courseCount", row.getLong("course_count"))));
      return new JsonObject().put("items", items)
          .put("total", count.result().iterator().next().getLong(0));
    });
  }

  public Future<Optional<JsonObject>> find(SqlClient db, long id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(project(rows.iterator().next())));
  }

  /** Projects open to a teacher whose organisation lies at {@code orgPath}. */
  public Future<List<JsonObject>> openTo(SqlClient db, String orgPath, long teacherId,
      Integer year, Long projectId) {
    return db.preparedQuery(OPEN_TO).execute(Tuple.of(orgPath, teacherId, year, projectId))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          rows.forEach(row -> {
            String status = row.getString("enrollment_status");
            items.add(project(row)
                .put("enrollmentId", row.getLong("enrollment_id"))
                .put("enrollmentStatus", status)
                .put("enrolled", "APPROVED".equals(status)));
          });
          return items;
        });
  }

  public Future<JsonArray> phases(SqlClient db, long projectId) {
    return db.preparedQuery(PHASES).execute(Tuple.of(projectId)).map(rows -> {
      JsonArray phases = new JsonArray();
      rows.forEach(row -> phases.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("ord", row.getInteger("ord"))
          .put("name", row.getString("name"))
          .put("stageCode", row.getString("stage_code"))
          .put("stage", row.getString("stage"))
          .put("startsAt", Fields.iso(row.getOffsetDateTime("starts_at")))
          .put("endsAt", Fields.iso(row.getOffsetDateTime("ends_at")))));
      return phases;
    });
  }

  public Future<JsonArray> offer(SqlClient db, long projectId) {
    return db.preparedQuery(OFFER).execute(Tuple.of(projectId)).map(rows -> {
      JsonArray courses = new JsonArray();
      rows.forEach(row -> courses.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("code", row.getString("code"))
          .put("title", row.getString("title"))
          .put("category", row.getString("category"))
          .put("stageCode", row.getString("stage_code"))
          .put("subjectId", row.getInteger("subject_id"))
          .put("credits", Fields.number(row.getBigDecimal("credits")))
          .put("hours", Fields.number(row.getBigDecimal("hours")))));
      return courses;
    });
  }

  public Future<Long> insert(SqlClient db, TrainingInput input, long ownerOrgId) {
    return db.preparedQuery(INSERT).execute(input.tuple(ownerOrgId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Whether the project existed; 409 when the new capacity is below the seats taken. */
  public Future<Boolean> update(SqlClient db, long id, TrainingInput input, long ownerOrgId) {
    return db.preparedQuery(UPDATE).execute(input.tuple(ownerOrgId).addLong(id))
        .recover(failure -> DbErrors.isCheckViolation(failure)
            ? Future.failedFuture(ApiException.conflict("capacity_below_enrolled",
                "名额不能少于已报名人数"))
            : Future.failedFuture(failure))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Writes the phases by position; phases beyond the list go unless enrollments use them. */
  public Future<Void> replacePhases(SqlClient db, long projectId,
      List<TrainingInput.Phase> phases) {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < phases.size(); i++) {
      TrainingInput.Phase phase = phases.get(i);
      batch.add(Tuple.of(projectId, i + 1, phase.name(), phase.stageCode(), phase.startsAt(),
          phase.endsAt()));
    }
    Future<?> upserted = batch.isEmpty() ? Future.succeededFuture()
        : db.preparedQuery(UPSERT_PHASE).executeBatch(batch);
    return upserted
        .compose(v -> db.preparedQuery(DELETE_PHASES_AFTER).execute(Tuple.of(projectId,
            phases.size())))
        .recover(failure -> DbErrors.isForeignKeyViolation(failure)
            ? Future.failedFuture(ApiException.conflict("phase_in_use",
                "已有学员报名的分期不能删除"))
            : Future.failedFuture(failure))
        .mapEmpty();
  }

  /** The owner of the project, locked until the transaction ends; empty if none. */
  public Future<Optional<Long>> lockProject(SqlClient db, long projectId) {
    return db.preparedQuery(LOCK_PROJECT).execute(Tuple.of(projectId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getLong(0)));
  }

  public Future<Set<Long>> offeredIds(SqlClient db, long projectId) {
    return db.preparedQuery(OFFERED_IDS).execute(Tuple.of(projectId)).map(TrainingStore::ids);
  }

  public Future<Set<Long>> existingCourses(SqlClient db, Long[] ids) {
    return db.preparedQuery(EXISTING_COURSES).execute(Tuple.tuple().addArrayOfLong(ids))
        .map(TrainingStore::ids);
  }

  public Future<Set<Long>> selectedAmong(SqlClient db, long projectId, Long[] courseIds) {
    return db.preparedQuery(SELECTED_AMONG)
        .execute(Tuple.tuple().addLong(projectId).addArrayOfLong(courseIds))
        .map(TrainingStore::ids);
  }

  /** Applies an offer change and keeps each course's usage count in the same transaction. */
  public Future<Void> changeOffer(SqlClient db, long projectId, Long[] added, Long[] removed) {
    Long[] touched = concat(added, removed);
    return db.preparedQuery(LOCK_COURSES).execute(Tuple.tuple().addArrayOfLong(touched))
        .compose(v -> db.preparedQuery(REMOVE_OFFERED).execute(Tuple.tuple().addLong(projectId)
            .addArrayOfLong(removed)))
        .compose(v -> db.preparedQuery(ADD_OFFERED).execute(Tuple.tuple().addLong(projectId)
            .addArrayOfLong(added)))
        .compose(v -> db.preparedQuery(USAGE_DELTA)
            .execute(Tuple.tuple().addArrayOfLong(added).addInteger(1)))
        .compose(v -> db.preparedQuery(USAGE_DELTA)
            .execute(Tuple.tuple().addArrayOfLong(removed).addInteger(-1)))
        .mapEmpty();
  }

  private static Long[] concat(Long[] a, Long[] b) {
    Long[] all = new Long[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static Set<Long> ids(RowSet<Row> rows) {
    Set<Long> ids = new TreeSet<>();
    rows.forEach(row -> ids.add(row.getLong(0)));
    return ids;
  }

  static JsonObject project(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("name", row.getString("name"))
        .put("kind", row.getString("kind"))
        .put("year", row.getInteger("year"))
        .put("ownerOrgId", row.getLong("owner_org_id"))
        .put("ownerName", row.getString("owner_name"))
        .put("enrollOpensAt", Fields.iso(row.getOffsetDateTime("enroll_opens_at")))
        .put("enrollClosesAt", Fields.iso(row.getOffsetDateTime("enroll_closes_at")))
        .put("studyOpensAt", Fields.iso(row.getOffsetDateTime("study_opens_at")))
        .put("studyClosesAt", Fields.iso(row.getOffsetDateTime("study_closes_at")))
        .put("enrollmentOpen", row.getBoolean("enroll_open"))
        .put("capacity", row.getInteger("capacity"))
        .put("enrolledCount", row.getInteger("enrolled_count"))
        .put("needsApproval", row.getBoolean("needs_approval"))
        .put("required", new JsonObject()
            .put("PUBLIC", Fields.number(row.getBigDecimal("required_public")))
            .put("PROFESSIONAL", Fields.number(row.getBigDecimal("required_professional"))))
        .put("passScore", new JsonObject()
            .put("PUBLIC", Fields.number(row.getBigDecimal("pass_score_public")))
            .put("PROFESSIONAL", Fields.number(row.getBigDecimal("pass_score_professional"))))
        .put("weights", new JsonObject()
            .put("video", Fields.number(row.getBigDecimal("weight_video")))
            .put("homework", Fields.number(row.getBigDecimal("weight_homework")))
            .put("quiz", Fields.number(row.getBigDecimal("weight_quiz")))
            .put("forum", Fields.number(row.getBigDecimal("weight_forum"))))
        .put("maxPlaybackRate", Fields.number(row.getBigDecimal("max_playback_rate")));
  }
}
