package org.jijiao.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Homework, quiz and evaluation SQL. */
public final class CourseworkStore {

  private static final String SELECTION = """
      select s.teacher_id, s.course_id, s.status, c.homework_prompt, c.quiz_max_attempts,
             c.lead_id
      from selection s join course c on c.id = s.course_id
      where s.id = $1""";

  private static final String LOCK_SELECTION = SELECTION + " for update of s";

  private static final String HOMEWORK = """
      select id, body, attachment_name, attachment_type, submitted_at, score, comment, graded_at
      from homework_submission where selection_id = $1""";

  private static final String SUBMIT_HOMEWORK = """
      insert into homework_submission (selection_id, body, attachment_file, attachment_name,
                                       attachment_type)
      values ($1, $2, $3, $4, $5)
      on conflict (selection_id) do update
         set body = excluded.body,
             attachment_file = coalesce(excluded.attachment_file,
                                        homework_submission.attachment_file),
             attachment_name = coalesce(excluded.attachment_name,
                                        homework_submission.attachment_name),
             attachment_type = coalesce(excluded.attachment_type,
                                        homework_submission.attachment_type),
             submitted_at = now()
       where homework_submission.score is null
      returning id, body, attachment_name, attachment_type, submitted_at, score, comment,
                graded_at""";

  private static final String HOMEWORK_FOR_GRADING = """
      select h.selection_id, c.lead_id, a.org_id
      from homework_submission h
      join selection s on s.id = h.selection_id
      join course c on c.id = s.course_id
      join account a on a.id = s.teacher_id
      where h.id = $1
      for update of h""";

  /** Submissions a grader can see: a lead's own courses, or every course for a tutor. */
  private static final String FOR_GRADERS = """
      select h.id, h.selection_id, h.body, h.attachment_name, h.attachment_type, h.submitted_at,
             h.score, h.comment, h.graded_at, c.id as course_id, c.title as course_title,
             a.name as teacher_name, o.name as org_name, count(*) over () as total
        from homework_submission h
        join selection s on s.id = h.selection_id
        join course c on c.id = s.course_id
        join account a on a.id = s.teacher_id
        join org_unit o on o.id = a.org_id
       where ($1::bigint is null or c.lead_id = $1)
         and ($2::boolean is null or (h.score is null) = $2)
         and ($3::bigint is null or c.id = $3)
       order by h.submitted_at
       limit $4 offset $5""";

  private static final String ATTACHMENT = """
      select h.attachment_file, h.attachment_name, h.attachment_type, c.lead_id
        from homework_submission h
        join selection s on s.id = h.selection_id
        join course c on c.id = s.course_id
       where h.id = $1""";

  private static final String GRADE = """
      update homework_submission
         set score = $2, comment = $3, graded_by = $4, graded_at = now()
       where id = $1
      returning id, body, attachment_name, attachment_type, submitted_at, score, comment,
                graded_at""";

  private static final String SET_HOMEWORK_SCORE = """
      update selection set homework_score = $2 where id = $1""";

  private static final String QUESTIONS = """
      select id, ord, stem, options, answer from quiz_question where course_id = $1
      order by ord""";

  private static final String ATTEMPTS = """
      select attempt_no, score, attempt_key from quiz_attempt where selection_id = $1
      order by attempt_no""";

  private static final String INSERT_ATTEMPT = """
      insert into quiz_attempt (selection_id, attempt_no, answers, score, attempt_key)
      values ($1, $2, $3, $4, $5)""";

  private static final String SET_QUIZ_SCORE = """
      update selection set quiz_score = greatest(coalesce(quiz_score, 0), $2) where id = $1""";

  private static final String INSERT_EVALUATION = """
      insert into course_evaluation (selection_id, course_id, rating, comment)
      values ($1, $2, $3, $4)
      on conflict (selection_id) do nothing
      returning id, rating, comment, created_at""";

  private static final String EVALUATION = """
      select id, rating, comment, created_at from course_evaluation where selection_id = $1""";

  public record Selection(long teacherId, long courseId, String status, String homeworkPrompt,
      int quizMaxAttempts, Long leadId) {
  }

  public Future<Optional<Selection>> selection(SqlClient client, long id, boolean lock) {
    return client.preparedQuery(lock ? LOCK_SELECTION : SELECTION).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Selection(r.getLong(0), r.getLong(1), r.getString(2),
              r.getString(3), r.getInteger(4), r.getLong(5)));
        });
  }

  public Future<JsonObject> homework(SqlClient client, long selectionId) {
    return client.preparedQuery(HOMEWORK).execute(Tuple.of(selectionId))
        .map(rows -> rows.size() == 0 ? null : homeworkJson(rows.iterator().next()));
  }

  /** The stored submission, or null when it is already graded (no more resubmission). */
  public Future<JsonObject> submitHomework(SqlClient client, long selectionId, String body,
      String file, String name, String type) {
    return client.preparedQuery(SUBMIT_HOMEWORK)
        .execute(Tuple.of(selectionId, body, file, name, type))
        .map(rows -> rows.size() == 0 ? null : homeworkJson(rows.iterator().next()));
  }

  public record GradingTarget(long selectionId, Long leadId, long orgId) {
  }

  /** A page of submissions for graders: {@code {items, total}}. */
  public Future<JsonObject> forGraders(SqlClient client, Long leadId, Boolean ungraded,
      Long courseId, int limit, int offset) {
    return client.preparedQuery(FOR_GRADERS)
        .execute(Tuple.of(leadId, ungraded, courseId, limit, offset))
        .map(rows -> {
          io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
          long total = 0;
          for (Row row : rows) {
            total = row.getLong("total");
            items.add(new JsonObject()
                .put("id", row.getLong("id"))
                .put("selectionId", row.getLong("selection_id"))
                .put("courseId", row.getLong("course_id"))
                .put("courseTitle", row.getString("course_title"))
                .put("teacherName", row.getString("teacher_name"))
                .put("orgName", row.getString("org_name"))
                .put("teacher", new JsonObject().put("name", row.getString("teacher_name"))
                    .put("schoolName", row.getString("org_name")))
                .put("attachmentUrl", row.getString("attachment_name") == null ? null
                    : "/api/admin/homework/" + row.getLong("id") + "/attachment")
                .put("body", row.getString("body"))
                .put("attachmentName", row.getString("attachment_name"))
                .put("submittedAt", String.valueOf(row.getOffsetDateTime("submitted_at")))
                .put("score", row.getBigDecimal("score") == null ? null
                    : row.getBigDecimal("score").doubleValue())
                .put("comment", row.getString("comment")));
          }
          return new JsonObject().put("items", items).put("total", total);
        });
  }

  /** The stored attachment of a submission and the lead of its course. */
  public record Attachment(String file, String name, String type, Long leadId) {
  }

  public Future<Optional<Attachment>> attachment(SqlClient client, long homeworkId) {
    return client.preparedQuery(ATTACHMENT).execute(Tuple.of(homeworkId)).map(rows -> {
      if (rows.size() == 0 || rows.iterator().next().getString("attachment_file") == null) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Attachment(row.getString("attachment_file"),
          row.getString("attachment_name"), row.getString("attachment_type"),
          row.getLong("lead_id")));
    });
  }

  public Future<Optional<GradingTarget>> lockHomework(SqlClient client, long homeworkId) {
    return client.preparedQuery(HOMEWORK_FOR_GRADING).execute(Tuple.of(homeworkId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new GradingTarget(
            rows.iterator().next().getLong(0), rows.iterator().next().getLong(1),
            rows.iterator().next().getLong(2))));
  }

  public Future<JsonObject> grade(SqlClient client, long homeworkId, long selectionId,
      BigDecimal score, String comment, long graderId) {
    return client.preparedQuery(GRADE).execute(Tuple.of(homeworkId, score, comment, graderId))
        .compose(rows -> client.preparedQuery(SET_HOMEWORK_SCORE)
            .execute(Tuple.of(selectionId, score))
            .map(v -> homeworkJson(rows.iterator().next())));
  }

  private static JsonObject homeworkJson(Row r) {
    BigDecimal score = r.getBigDecimal(5);
    OffsetDateTime graded = r.getOffsetDateTime(7);
    return new JsonObject().put("id", r.getLong(0)).put("body", r.getString(1))
        .put("attachmentName", r.getString(2)).put("attachmentType", r.getString(3))
        .put("submittedAt", r.getOffsetDateTime(4).toInstant().toString())
        .put("score", score == null ? null : score.doubleValue())
        .put("comment", r.getString(6))
        .put("gradedAt", graded == null ? null : graded.toInstant().toString());
  }

  public record Question(long id, int ord, String stem, Object options, String answer) {
  }

  public Future<java.util.List<Question>> questions(SqlClient client, long courseId) {
    return client.preparedQuery(QUESTIONS).execute(Tuple.of(courseId)).map(rows -> {
      java.util.List<Question> out = new java.util.ArrayList<>();
      for (Row r : rows) {
        out.add(new Question(r.getLong(0), r.getInteger(1), r.getString(2), r.getValue(3),
            r.getString(4)));
      }
      return out;
    });
  }

  public record Attempt(int number, BigDecimal score, String key) {
  }

  public Future<java.util.List<Attempt>> attempts(SqlClient client, long selectionId) {
    return client.preparedQuery(ATTEMPTS).execute(Tuple.of(selectionId)).map(rows -> {
      java.util.List<Attempt> out = new java.util.ArrayList<>();
      for (Row r : rows) {
        out.add(new Attempt(r.getInteger(0), r.getBigDecimal(1), r.getString(2)));
      }
      return out;
    });
  }

  public Future<Void> insertAttempt(SqlClient client, long selectionId, int number,
      JsonObject answers, BigDecimal score, String key) {
    return client.preparedQuery(INSERT_ATTEMPT)
        .execute(Tuple.of(selectionId, number, answers, score, key))
        .compose(v -> client.preparedQuery(SET_QUIZ_SCORE).execute(Tuple.of(selectionId, score)))
        .mapEmpty();
  }

  /** Inserts the evaluation once; {@code created} false when one already existed. */
  public record Evaluation(JsonObject json, boolean created) {
  }

  public Future<Evaluation> evaluate(SqlClient client, long selectionId, long courseId,
      int rating, String comment) {
    return client.preparedQuery(INSERT_EVALUATION)
        .execute(Tuple.of(selectionId, courseId, rating, comment))
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(new Evaluation(evaluationJson(rows.iterator().next()), true))
            : client.preparedQuery(EVALUATION).execute(Tuple.of(selectionId))
                .map(found -> new Evaluation(evaluationJson(found.iterator().next()), false)));
  }

  private static JsonObject evaluationJson(Row r) {
    return new JsonObject().put("id", r.getLong(0)).put("rating", r.getInteger(1))
        .put("comment", r.getString(2))
        .put("createdAt", r.getOffsetDateTime(3).toInstant().toString());
  }
}
