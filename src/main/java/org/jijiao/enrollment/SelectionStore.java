package org.jijiao.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.jijiao.common.ApiException;
import org.jijiao.common.DbErrors;
import org.jijiao.course.Fields;

/**
 * The SQL of course selection. The learning pipeline owns video_percent, score and status
 * after selection; this capability only creates, drops and reads selections.
 */
public final class SelectionStore {

  private static final String ENROLLMENT = """
      select id, status from enrollment where project_id = $1 and teacher_id = $2""";

  private static final String INSERT = """
      insert into selection (enrollment_id, project_id, teacher_id, course_id)
      values ($1, $2, $3, $4)
      on conflict (project_id, teacher_id, course_id) do nothing
      returning id, course_id, status, project_id, created_at""";

  private static final String EXISTING = """
      select id, course_id, status, project_id, created_at from selection
       where project_id = $1 and teacher_id = $2 and course_id = $3""";

  /** Only a selection nobody started learning may go; the status decides in the statement. */
  private static final String DROP = """
      delete from selection where id = $1 and teacher_id = $2 and status = 'SELECTED'
      returning id""";

  private static final String OWN_STATUS =
      "select status from selection where id = $1 and teacher_id = $2";

  private static final String MINE = """
      select s.id, s.project_id, s.course_id, c.title, c.category, c.credits, c.hours, s.status,
             s.video_percent, s.score, s.created_at,
             exists (select 1 from credit_entry ce where ce.selection_id = s.id) as awarded
        from selection s join course c on c.id = s.course_id
       where s.teacher_id = $1 and ($2::bigint is null or s.project_id = $2)
       order by s.project_id, s.created_at, s.id""";

  /** The teacher's enrollment status in the project, if any. */
  public Future<Optional<Row>> enrollment(SqlClient db, long projectId, long teacherId) {
    return db.preparedQuery(ENROLLMENT).execute(Tuple.of(projectId, teacherId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  /** The new selection, or empty when the teacher had already chosen the course. */
  public Future<Optional<JsonObject>> insert(SqlClient db, long enrollmentId, long projectId,
      long teacherId, long courseId) {
    return db.preparedQuery(INSERT)
        .execute(Tuple.of(enrollmentId, projectId, teacherId, courseId))
        .map(SelectionStore::first);
  }

  public Future<Optional<JsonObject>> existing(SqlClient db, long projectId, long teacherId,
      long courseId) {
    return db.preparedQuery(EXISTING).execute(Tuple.of(projectId, teacherId, courseId))
        .map(SelectionStore::first);
  }

  /**
   * Drops the teacher's selection. 404 when it is not theirs, 409 {@code learning_started}
   * when learning began (by status, or by rows of the learning path referring to it).
   */
  public Future<Void> drop(SqlClient db, long selectionId, long teacherId) {
    return db.preparedQuery(DROP).execute(Tuple.of(selectionId, teacherId))
        .recover(failure -> DbErrors.isForeignKeyViolation(failure)
            ? Future.failedFuture(started()) : Future.failedFuture(failure))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : db.preparedQuery(OWN_STATUS).execute(Tuple.of(selectionId, teacherId))
                .compose(own -> Future.failedFuture(own.size() == 0
                    ? ApiException.notFound("选课记录不存在") : started())));
  }

  public Future<JsonArray> mine(SqlClient db, long teacherId, Long projectId) {
    return db.preparedQuery(MINE).execute(Tuple.of(teacherId, projectId)).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("trainingId", row.getLong("project_id"))
          .put("courseId", row.getLong("course_id"))
          .put("title", row.getString("title"))
          .put("category", row.getString("category"))
          .put("credits", Fields.number(row.getBigDecimal("credits")))
          .put("hours", Fields.number(row.getBigDecimal("hours")))
          .put("status", row.getString("status"))
          .put("progressPercent", Fields.number(row.getBigDecimal("video_percent")))
          .put("score", Fields.number(row.getBigDecimal("score")))
          .put("passed", "PASSED".equals(row.getString("status")))
          .put("creditsAwarded", row.getBoolean("awarded"))
          .put("createdAt", Fields.iso(row.getOffsetDateTime("created_at")))));
      return items;
    });
  }

  private static ApiException started() {
    return ApiException.conflict("learning_started", "该课程已开始学习，不能退选");
  }

  private static Optional<JsonObject> first(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new JsonObject()
        .put("id", row.getLong("id"))
        .put("trainingId", row.getLong("project_id"))
        .put("courseId", row.getLong("course_id"))
        .put("status", row.getString("status"))
        .put("createdAt", Fields.iso(row.getOffsetDateTime("created_at"))));
  }
}
