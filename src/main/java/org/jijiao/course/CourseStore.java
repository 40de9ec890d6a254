package org.jijiao.course;

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

/** The SQL of the course library. Methods take the client so callers choose the transaction. */
public final class CourseStore {

  private static final String FILTER = "\n" + """
       where ($1::text is null or c.category = $1)
         and ($2::text is null or c.stage_code = $2)
         and ($3::int is null or c.subject_id = $3)
         and ($4::text is null or c.title ilike $4 escape '\\' or c.code ilike $4 escape '\\')""";

  private static final String LIST = """
      select c.id, c.code, c.title, c.category, c.topic, c.stage_code, st.name as stage,
             c.subject_id, sb.name as subject, c.hours, c.credits, c.difficulty, c.lead_id,
             c.usage_count,
             (select count(*) from course_video v where v.course_id = c.id) as video_count
        from course c
        left join stage st on st.code = c.stage_code
        left join subject sb on sb.id = c.subject_id""" + FILTER + """

       order by c.id
       limit $5 offset $6""";

  private static final String COUNT = "select count(*) from course c" + FILTER;

  private static final String DETAIL = """
      select c.id, c.code, c.title, c.category, c.topic, c.stage_code, st.name as stage,
             c.subject_id, sb.name as subject, c.hours, c.credits, c.difficulty, c.lead_id,
             c.usage_count, c.description, c.homework_prompt, c.quiz_max_attempts,
             (select count(*) from quiz_question q where q.course_id = c.id) as quiz_count
        from course c
        left join stage st on st.code = c.stage_code
        left join subject sb on sb.id = c.subject_id
       where c.id = $1""";

  private static final String VIDEOS = """
      select id, ord, title, duration_seconds, media_file
        from course_video where course_id = $1 order by ord""";

  private static final String SUBJECT_STAGE = "select stage_code from subject where id = $1";

  private static final String INSERT = """
      insert into course (code, title, category, topic, stage_code, subject_id, hours, credits,
                          difficulty, lead_id, description, homework_prompt, quiz_max_attempts)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      returning id""";

  private static final String UPDATE = """
      update course
         set code = $1, title = $2, category = $3, topic = $4, stage_code = $5,
             subject_id = $6, hours = $7, credits = $8, difficulty = $9, lead_id = $10,
             description = $11, homework_prompt = $12, quiz_max_attempts = $13
       where id = $14
      returning id""";

  /** Locks the course so that two videos added at once get distinct places. */
  private static final String LOCK = "select id from course where id = $1 for update";

  private static final String INSERT_VIDEO = """
      insert into course_video (course_id, ord, title, duration_seconds, media_file)
      select $1, coalesce(max(ord), 0) + 1, $2, $3, $4 from course_video where course_id = $1
      returning id, ord, title, duration_seconds, media_file""";

  private static final String USAGE = """
      select p.id, p.name, p.year, p.kind,
             (select count(*) from selection s
               where s.project_id = p.id and s.course_id = $1) as selections
        from project_course pc
        join training_project p on p.id = pc.project_id
       where pc.course_id = $1
       order by p.year desc, p.id""";

  public Future<JsonObject> list(SqlClient db, CourseFilter filter, int limit, int offset) {
    Tuple params = filter.tuple();
    Future<RowSet<Row>> rows = db.preparedQuery(LIST)
        .execute(filter.tuple().addInteger(limit).addInteger(offset));
    Future<RowSet<Row>> count = db.preparedQuery(COUNT).execute(params);
    return Future.all(rows, count).map(done -> {
      JsonArray items = new JsonArray();
      rows.result().forEach(row -> items.add(summary(row)
          .put("videoCount", row.getLong("video_count"))));
      return new JsonObject().put("items", items)
          .put("total", count.result().iterator().next().getLong(0));
    });
  }

  /** The full course with videos, as admins and teachers see it. */
  public Future<Optional<JsonObject>> detail(SqlClient db, long id) {
    Future<RowSet<Row>> course = db.preparedQuery(DETAIL).execute(Tuple.of(id));
    Future<RowSet<Row>> videos = db.preparedQuery(VIDEOS).execute(Tuple.of(id));
    return Future.all(course, videos).map(done -> {
      if (course.result().size() == 0) {
        return Optional.empty();
      }
      Row row = course.result().iterator().next();
      JsonArray videoList = new JsonArray();
      videos.result().forEach(v -> videoList.add(video(v)));
      return Optional.of(summary(row)
          .put("description", row.getString("description"))
          .put("homeworkPrompt", row.getString("homework_prompt"))
          .put("quizMaxAttempts", row.getInteger("quiz_max_attempts"))
          .put("quizQuestionCount", row.getLong("quiz_count"))
          .put("videos", videoList));
    });
  }

  public Future<Optional<String>> stageOfSubject(SqlClient db, int subjectId) {
    return db.preparedQuery(SUBJECT_STAGE).execute(Tuple.of(subjectId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getString(0)));
  }

  public Future<Long> insert(SqlClient db, CourseInput input) {
    return db.preparedQuery(INSERT).execute(input.tuple())
        .recover(CourseStore::translate)
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Whether the course existed. */
  public Future<Boolean> update(SqlClient db, long id, CourseInput input) {
    return db.preparedQuery(UPDATE).execute(input.tuple().addLong(id))
        .recover(CourseStore::translate)
        .map(rows -> rows.size() > 0);
  }

  /** The new video, or empty when the course does not exist. */
  public Future<Optional<JsonObject>> addVideo(SqlClient db, long courseId, String title,
      int durationSeconds, String mediaFile) {
    return db.preparedQuery(LOCK).execute(Tuple.of(courseId)).compose(locked -> {
      if (locked.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      return db.preparedQuery(INSERT_VIDEO)
          .execute(Tuple.of(courseId, title, durationSeconds, mediaFile))
          .map(rows -> Optional.of(video(rows.iterator().next())));
    });
  }

  public Future<JsonArray> usage(SqlClient db, long courseId) {
    return db.preparedQuery(USAGE).execute(Tuple.of(courseId)).map(rows -> {
      JsonArray projects = new JsonArray();
      rows.forEach(row -> projects.add(new JsonObject()
          .put("id", row.getLong("id"))
          .put("name", row.getString("name"))
          .put("year", row.getInteger("year"))
          .put("kind", row.getString("kind"))
          .put("selections", row.getLong("selections"))));
      return projects;
    });
  }

  private static <T> Future<T> translate(Throwable failure) {
    if (DbErrors.isUniqueViolation(failure)) {
      return Future.failedFuture(ApiException.conflict("code_taken", "课程编号已被使用"));
    }
    if (DbErrors.isForeignKeyViolation(failure)) {
      return Future.failedFuture(ApiException.invalidField("leadId", "invalid_value",
          "课程负责人不存在"));
    }
    return Future.failedFuture(failure);
  }

  static JsonObject summary(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("code", row.getString("code"))
        .put("title", row.getString("title"))
        .put("category", row.getString("category"))
        .put("topic", row.getString("topic"))
        .put("stageCode", row.getString("stage_code"))
        .put("stage", row.getString("stage"))
        .put("subjectId", row.getInteger("subject_id"))
        .put("subject", row.getString("subject"))
        .put("hours", Fields.number(row.getBigDecimal("hours")))
        .put("credits", Fields.number(row.getBigDecimal("credits")))
        .put("difficulty", row.getInteger("difficulty"))
        .put("leadId", row.getLong("lead_id"))
        .put("usageCount", row.getInteger("usage_count"));
  }

  private static JsonObject video(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("ord", row.getInteger("ord"))
        .put("title", row.getString("title"))
        .put("durationSeconds", row.getInteger("duration_seconds"))
        .put("mediaFile", row.getString("media_file"));
  }
}
