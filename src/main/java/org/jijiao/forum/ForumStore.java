package org.jijiao.forum;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jijiao.common.DbErrors;
import org.jijiao.common.ApiException;

/** The SQL of project forums: state, posts, mutes and tutors' scores. */
final class ForumStore {

  /** A project's forum and the organisation that owns the project. */
  record Forum(long projectId, String projectName, long ownerOrgId, String ownerPath,
      boolean open) {
  }

  /** The facts about a post that the rules need. */
  record Post(long id, long projectId, Long threadId, long authorId, String status) {
  }

  private static final String FORUM = """
      select p.id, p.name, p.owner_org_id, o.path, coalesce(f.open, true) as open
      from training_project p
      join org_unit o on o.id = p.owner_org_id
      left join forum_state f on f.project_id = p.id
      where p.id = $1""";

  private static final String ENROLLED = """
      select 1 from enrollment
      where project_id = $1 and teacher_id = $2 and status = 'APPROVED'""";

  private static final String MUTED_UNTIL = """
      select muted_until from forum_mute
      where project_id = $1 and teacher_id = $2 and muted_until > now()""";

  private static final String SET_STATE = """
      insert into forum_state (project_id, open, changed_by) values ($1, $2, $3)
      on conflict (project_id) do update
        set open = excluded.open, changed_by = excluded.changed_by, changed_at = now()""";

  private static final String MUTE = """
      insert into forum_mute (project_id, teacher_id, muted_until, reason, muted_by)
      values ($1, $2, now() + make_interval(mins => $3), $4, $5)
      on conflict (project_id, teacher_id) do update
        set muted_until = excluded.muted_until, reason = excluded.reason,
          muted_by = excluded.muted_by, created_at = now()
      returning muted_until""";

  private static final String UNMUTE = """
      delete from forum_mute where project_id = $1 and teacher_id = $2""";

  private static final String INSERT_THREAD = """
      insert into forum_post (project_id, author_id, by_tutor, course_id, title, body)
      values ($1, $2, $3, $4, $5, $6)
      returning id""";

  private static final String INSERT_REPLY = """
      insert into forum_post (project_id, thread_id, parent_id, author_id, by_tutor, body)
      values ($1, $2, $3, $4, $5, $6)
      returning id""";

  private static final String COUNT_REPLY = """
      update forum_post set reply_count = reply_count + $2,
        last_reply_at = case when $2 > 0 then now() else last_reply_at end
      where id = $1""";

  private static final String POST = """
      select id, project_id, thread_id, author_id, status from forum_post where id = $1""";

  private static final String VIEW = """
      select p.id, p.project_id, p.thread_id, p.parent_id, p.author_id, a.name as author_name,
        p.by_tutor, p.course_id, p.title, p.body, p.status, p.removed_reason, p.reply_count,
        p.created_at, p.last_reply_at, count(*) over () as total
      from forum_post p join account a on a.id = p.author_id
      """;

  private static final String THREADS = VIEW + """
      where p.project_id = $1 and p.thread_id is null and p.status = 'VISIBLE'
      order by coalesce(p.last_reply_at, p.created_at) desc, p.id desc
      limit $2 offset $3""";

  private static final String ONE = VIEW + "where p.id = $1";

  private static final String REPLIES = VIEW + """
      where p.thread_id = $1
      order by p.created_at, p.id
      limit $2 offset $3""";

  private static final String DELETE_OWN = """
      update forum_post set status = 'DELETED', changed_at = now()
      where id = $1 and author_id = $2 and status = 'VISIBLE'""";

  private static final String REMOVE = """
      update forum_post set status = 'REMOVED', removed_by = $2, removed_reason = $3,
        changed_at = now()
      where id = $1 and status = 'VISIBLE'""";

  private static final String SELECTION = """
      select s.id, s.project_id, s.teacher_id, p.owner_org_id, o.path
      from selection s
      join training_project p on p.id = s.project_id
      join org_unit o on o.id = p.owner_org_id
      where s.id = $1""";

  private static final String SET_SCORE = """
      update selection set forum_score = $2 where id = $1""";

  private static final String INSERT_SCORE = """
      insert into forum_score (selection_id, tutor_id, score, comment) values ($1, $2, $3, $4)""";

  private final Pool pool;

  ForumStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Optional<Forum>> forum(long projectId) {
    return pool.preparedQuery(FORUM).execute(Tuple.of(projectId))
        .map(rows -> first(rows).map(r -> new Forum(r.getLong(0), r.getString(1), r.getLong(2),
            r.getString(3), r.getBoolean(4))));
  }

  Future<Boolean> enrolled(long projectId, long teacherId) {
    return pool.preparedQuery(ENROLLED).execute(Tuple.of(projectId, teacherId))
        .map(rows -> rows.size() > 0);
  }

  Future<Optional<OffsetDateTime>> mutedUntil(long projectId, long teacherId) {
    return pool.preparedQuery(MUTED_UNTIL).execute(Tuple.of(projectId, teacherId))
        .map(rows -> first(rows).map(r -> r.getOffsetDateTime(0)));
  }

  Future<Void> setState(SqlClient client, long projectId, boolean open, long adminId) {
    return client.preparedQuery(SET_STATE).execute(Tuple.of(projectId, open, adminId))
        .mapEmpty();
  }

  Future<OffsetDateTime> mute(SqlClient client, long projectId, long teacherId, int minutes,
      String reason, long adminId) {
    return client.preparedQuery(MUTE)
        .execute(Tuple.of(projectId, teacherId, minutes, reason, adminId))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0))
        .recover(e -> Future.failedFuture(DbErrors.isForeignKeyViolation(e)
            ? ApiException.notFound("教师不存在") : e));
  }

  Future<Boolean> unmute(SqlClient client, long projectId, long teacherId) {
    return client.preparedQuery(UNMUTE).execute(Tuple.of(projectId, teacherId))
        .map(rows -> rows.rowCount() > 0);
  }

  Future<Long> insertThread(long projectId, long authorId, boolean byTutor, Long courseId,
      String title, String body) {
    return pool.preparedQuery(INSERT_THREAD)
        .execute(Tuple.of(projectId, authorId, byTutor, courseId, title, body))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(e -> Future.failedFuture(DbErrors.isForeignKeyViolation(e)
            ? ApiException.invalidField("courseId", "课程不存在") : e));
  }

  /** The reply and the thread's counters, together. */
  Future<Long> insertReply(long projectId, long threadId, long parentId, long authorId,
      boolean byTutor, String body) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_REPLY)
        .execute(Tuple.of(projectId, threadId, parentId, authorId, byTutor, body))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> tx.preparedQuery(COUNT_REPLY).execute(Tuple.of(threadId, 1)).map(id)));
  }

  Future<Optional<Post>> post(long id) {
    return pool.preparedQuery(POST).execute(Tuple.of(id))
        .map(rows -> first(rows).map(r -> new Post(r.getLong(0), r.getLong(1), r.getLong(2),
            r.getLong(3), r.getString(4))));
  }

  Future<Optional<JsonObject>> view(long id) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id))
        .map(rows -> first(rows).map(ForumStore::postJson));
  }

  Future<JsonObject> threads(long projectId, int limit, int offset) {
    return pool.preparedQuery(THREADS).execute(Tuple.of(projectId, limit, offset))
        .map(ForumStore::page);
  }

  Future<JsonObject> replies(long threadId, int limit, int offset) {
    return pool.preparedQuery(REPLIES).execute(Tuple.of(threadId, limit, offset))
        .map(ForumStore::page);
  }

  /** Marks the author's own post deleted; a reply also leaves its thread's count. */
  Future<Boolean> deleteOwn(Post post, long authorId) {
    return pool.withTransaction(tx -> tx.preparedQuery(DELETE_OWN)
        .execute(Tuple.of(post.id(), authorId))
        .compose(rows -> rows.rowCount() == 1 && post.threadId() != null
            ? tx.preparedQuery(COUNT_REPLY).execute(Tuple.of(post.threadId(), -1)).map(true)
            : Future.succeededFuture(rows.rowCount() == 1)));
  }

  Future<Boolean> remove(SqlClient client, Post post, long adminId, String reason) {
    return client.preparedQuery(REMOVE).execute(Tuple.of(post.id(), adminId, reason))
        .compose(rows -> rows.rowCount() == 1 && post.threadId() != null
            ? client.preparedQuery(COUNT_REPLY).execute(Tuple.of(post.threadId(), -1)).map(true)
            : Future.succeededFuture(rows.rowCount() == 1));
  }

  /** [selection id, project id, teacher id, owner org id, owner path] of a selection. */
  Future<Optional<Row>> selection(long selectionId) {
    return pool.preparedQuery(SELECTION).execute(Tuple.of(selectionId)).map(ForumStore::first);
  }

  Future<Void> score(SqlClient client, long selectionId, long tutorId, double score,
      String comment) {
    return client.preparedQuery(SET_SCORE).execute(Tuple.of(selectionId, score))
        .compose(v -> client.preparedQuery(INSERT_SCORE)
            .execute(Tuple.of(selectionId, tutorId, score, comment)))
        .mapEmpty();
  }

  private static JsonObject page(RowSet<Row> rows) {
    JsonArray items = new JsonArray();
    long total = 0;
    for (Row r : rows) {
      total = r.getLong("total");
      items.add(postJson(r));
    }
    return new JsonObject().put("items", items).put("total", total);
  }

  /** A post as readers see it: deleted and removed posts keep their place, not their text. */
  private static JsonObject postJson(Row r) {
    String status = r.getString("status");
    String body = switch (status) {
      case "DELETED" -> "（该内容已被作者删除）";
      case "REMOVED" -> "（该内容已被管理员移除：" + r.getString("removed_reason") + "）";
      default -> r.getString("body");
    };
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("projectId", r.getLong("project_id"))
        .put("threadId", r.getLong("thread_id"))
        .put("parentId", r.getLong("parent_id"))
        .put("authorId", r.getLong("author_id"))
        .put("authorName", r.getString("author_name"))
        .put("byTutor", r.getBoolean("by_tutor"))
        .put("courseId", r.getLong("course_id"))
        .put("title", r.getString("title"))
        .put("body", body)
        .put("status", status)
        .put("replyCount", r.getInteger("reply_count"))
        .put("createdAt", iso(r.getOffsetDateTime("created_at")))
        .put("lastReplyAt", iso(r.getOffsetDateTime("last_reply_at")));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
