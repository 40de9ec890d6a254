package org.jijiao.coursework;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.coursework.CourseworkStore.Attempt;
import org.jijiao.coursework.CourseworkStore.Question;
import org.jijiao.coursework.CourseworkStore.Selection;
import org.jijiao.credit.Scoring;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;

/**
 * Homework (submit until graded, graded by the course lead or a tutor), the quiz (auto-graded,
 * limited attempts, best score counts, a retried submit answers the first result) and the
 * course evaluation (once per selection). Grades rescore the selection in the same
 * transaction, so credits follow at once.
 */
public final class CourseworkService {

  private final Vertx vertx;
  private final Pool pool;
  private final CourseworkStore store;
  private final Scoring scoring;
  private final WorkerExecutor files;
  private final Path homeworkDir;
  private final Clock clock;

  public CourseworkService(Vertx vertx, Pool pool, CourseworkStore store, Scoring scoring,
      String filesDir, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.scoring = scoring;
    this.files = vertx.createSharedWorkerExecutor("jijiao-coursework-files", 2);
    this.homeworkDir = Path.of(filesDir, "homework").toAbsolutePath();
    this.clock = clock;
  }

  /** The caller's own selection; 404 for anyone else's (no hint that it exists). */
  private Future<Selection> mine(io.vertx.sqlclient.SqlClient client, long teacherId,
      long selectionId, boolean lock) {
    return store.selection(client, selectionId, lock).map(found -> found
        .filter(s -> s.teacherId() == teacherId)
        .orElseThrow(() -> ApiException.notFound("选课记录不存在")));
  }

  public Future<JsonObject> homework(long teacherId, long selectionId) {
    return mine(pool, teacherId, selectionId, false)
        .compose(s -> store.homework(pool, selectionId)
            .map(h -> new JsonObject().put("prompt", s.homeworkPrompt()).put("submission", h)));
  }

  /** An uploaded attachment as the body handler left it on disk. */
  public record Upload(String tempFile, String fileName, long size) {
  }

  /**
   * Stores the submission; the attachment must really be a PDF, JPEG, PNG or Word document
   * (400 {@code unsupported_file_type} otherwise). 409 {@code already_graded} after grading.
   */
  public Future<JsonObject> submitHomework(long teacherId, long selectionId, String body,
      Upload upload) {
    return mine(pool, teacherId, selectionId, false)
        .compose(s -> upload == null ? Future.succeededFuture((Stored) null)
            : store(selectionId, upload))
        .compose(stored -> store.submitHomework(pool, selectionId, body,
            stored == null ? null : stored.path(), stored == null ? null : stored.name(),
            stored == null ? null : stored.kind().mediaType()))
        .map(saved -> {
          if (saved == null) {
            throw ApiException.conflict("already_graded", "作业已批改，不能再次提交");
          }
          return saved;
        });
  }

  private record Stored(String path, String name, FileKind kind) {
  }

  private Future<Stored> store(long selectionId, Upload upload) {
    return files.executeBlocking(() -> FileKind.sniff(Path.of(upload.tempFile())))
        .compose(kind -> {
          FileKind k = kind.orElseThrow(() -> ApiException.invalidField("file",
              "unsupported_file_type", "附件只能是 PDF、JPEG、PNG 或 Word（docx）文件"));
          Path dir = homeworkDir.resolve(String.valueOf(selectionId));
          Path target = dir.resolve(UUID.randomUUID() + "." + k.extension());
          return vertx.fileSystem().mkdirs(dir.toString())
              .compose(v -> vertx.fileSystem().move(upload.tempFile(), target.toString()))
              .map(v -> new Stored(target.toString(), safeName(upload.fileName()), k));
        });
  }

  private static String safeName(String name) {
    Path last = name == null || name.isBlank() ? null
        : Path.of(name.replace('\\', '/').replace("\u0000", "")).getFileName();
    String base = last == null || last.toString().isBlank() ? "attachment" : last.toString();
    return base.length() > 200 ? base.substring(0, 200) : base;
  }

  /** Submissions for a grader: a course lead sees the courses they lead, a tutor all. */
  public Future<JsonObject> forGrading(Principal grader, Boolean ungraded, Long courseId,
      org.jijiao.common.Paging paging) {
    Long leadFilter = grader.has(Role.TUTOR) ? null : grader.userId();
    return store.forGraders(pool, leadFilter, ungraded, courseId, paging.size(),
        paging.offset());
  }

  /** A submission's attachment, for the course's lead or a tutor; 404 when there is none. */
  public Future<CourseworkStore.Attachment> attachmentFor(Principal grader, long homeworkId) {
    return store.attachment(pool, homeworkId).map(found -> {
      CourseworkStore.Attachment file = found
          .orElseThrow(() -> ApiException.notFound("该作业没有附件"));
      boolean lead = grader.has(Role.COURSE_LEAD) && file.leadId() != null
          && file.leadId() == grader.userId();
      if (!lead && !grader.has(Role.TUTOR)) {
        throw ApiException.forbidden("只有该课程的负责老师或助学导师可以查看");
      }
      return file;
    });
  }

  /**
   * Grades a submission (0–100 with a comment) and rescores the selection. Only the lead of
   * that course or a tutor; audited. Fails with 404 or 403.
   */
  public Future<JsonObject> grade(Principal grader, long homeworkId, BigDecimal score,
      String comment) {
    return pool.withTransaction(tx -> store.lockHomework(tx, homeworkId).compose(found -> {
      CourseworkStore.GradingTarget t = found
          .orElseThrow(() -> ApiException.notFound("作业不存在"));
      boolean lead = grader.has(Role.COURSE_LEAD) && t.leadId() != null
          && t.leadId() == grader.userId();
      if (!lead && !grader.has(Role.TUTOR)) {
        throw ApiException.forbidden("只有该课程的负责老师或助学导师可以批改");
      }
      return store.grade(tx, homeworkId, t.selectionId(), score, comment, grader.userId())
          .compose(graded -> scoring.rescore(tx, List.of(t.selectionId()), clock.instant())
              .compose(r -> Audit.record(tx, grader.userId(), "homework.grade", "homework",
                  homeworkId, t.orgId(), new JsonObject().put("score", score.doubleValue())))
              .map(v -> graded));
    }));
  }

  public Future<JsonObject> quiz(long teacherId, long selectionId) {
    return mine(pool, teacherId, selectionId, false).compose(s -> Future.all(
            store.questions(pool, s.courseId()), store.attempts(pool, selectionId))
        .map(all -> {
          List<Question> questions = all.resultAt(0);
          List<Attempt> attempts = all.resultAt(1);
          JsonArray items = new JsonArray();
          questions.forEach(q -> items.add(new JsonObject().put("id", q.id())
              .put("ord", q.ord()).put("stem", q.stem()).put("options", q.options())));
          return new JsonObject().put("questions", items)
              .put("maxAttempts", s.quizMaxAttempts())
              .put("attemptsUsed", attempts.size())
              .put("attemptsLeft", Math.max(0, s.quizMaxAttempts() - attempts.size()))
              .put("bestScore", best(attempts));
        }));
  }

  /**
   * Grades one attempt. The selection row is locked, so attempts of one teacher are
   * numbered one by one and never exceed the limit (409 {@code no_attempts_left}); a retry
   * with the same {@code attemptKey} answers the first result.
   */
  public Future<JsonObject> submitQuiz(long teacherId, long selectionId, JsonObject answers,
      String attemptKey) {
    return pool.withTransaction(tx -> mine(tx, teacherId, selectionId, true)
        .compose(s -> Future.all(store.questions(tx, s.courseId()),
                store.attempts(tx, selectionId))
            .compose(all -> {
              List<Question> questions = all.resultAt(0);
              List<Attempt> attempts = all.resultAt(1);
              if (questions.isEmpty()) {
                throw ApiException.notFound("该课程没有测验");
              }
              Optional<Attempt> replay = attempts.stream()
                  .filter(a -> attemptKey != null && attemptKey.equals(a.key())).findFirst();
              if (replay.isPresent()) {
                return Future.succeededFuture(result(replay.get(), attempts, s, questions));
              }
              if (attempts.size() >= s.quizMaxAttempts()) {
                throw ApiException.conflict("no_attempts_left", "测验次数已用完");
              }
              long correct = questions.stream()
                  .filter(q -> q.answer().equalsIgnoreCase(
                      String.valueOf(answers.getValue(String.valueOf(q.id()), ""))))
                  .count();
              BigDecimal score = BigDecimal.valueOf(correct * 100.0 / questions.size())
                  .setScale(2, RoundingMode.HALF_UP);
              Attempt attempt = new Attempt(attempts.size() + 1, score, attemptKey);
              List<Attempt> now = new java.util.ArrayList<>(attempts);
              now.add(attempt);
              return store.insertAttempt(tx, selectionId, attempt.number(), answers, score,
                      attemptKey)
                  .compose(v -> scoring.rescore(tx, List.of(selectionId), clock.instant()))
                  .map(v -> result(attempt, now, s, questions));
            })));
  }

  private static JsonObject result(Attempt attempt, List<Attempt> attempts, Selection s,
      List<Question> questions) {
    long correct = Math.round(attempt.score().doubleValue() * questions.size() / 100.0);
    return new JsonObject().put("attemptNo", attempt.number())
        .put("score", attempt.score().doubleValue())
        .put("correct", correct).put("total", questions.size())
        .put("bestScore", best(attempts))
        .put("attemptsLeft", Math.max(0, s.quizMaxAttempts() - attempts.size()));
  }

  private static Double best(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.score().doubleValue()).max(Double::compare)
        .orElse(null);
  }

  /**
   * Records the evaluation once per selection, only after learning began (409
   * {@code not_started}); a second call answers the first record.
   */
  public Future<CourseworkStore.Evaluation> evaluate(long teacherId, long selectionId,
      int rating, String comment) {
    return mine(pool, teacherId, selectionId, false).compose(s -> {
      if ("SELECTED".equals(s.status())) {
        throw ApiException.conflict("not_started", "开始学习后才能评价课程");
      }
      return store.evaluate(pool, selectionId, s.courseId(), rating, comment);
    });
  }
}
