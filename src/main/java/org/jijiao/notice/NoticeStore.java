package org.jijiao.notice;

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

/** The SQL of notices, attachments and read marks. */
final class NoticeStore {

  /** A live notice with the path of its target organisation, for scope checks. */
  record Target(long id, long orgId, String orgPath, String title) {
  }

  record Attachment(long id, long noticeId, String fileName, String contentType, long size,
      String storedFile) {
  }

  private static final String INSERT = """
      insert into notice (org_id, author_id, title, body_html, pinned)
      values ($1, $2, $3, $4, $5)
      returning id""";

  private static final String TARGET = """
      select n.id, n.org_id, o.path, n.title
      from notice n join org_unit o on o.id = n.org_id
      where n.id = $1 and n.deleted_at is null""";

  private static final String UPDATE = """
      update notice set title = $2, body_html = $3, pinned = coalesce($4, pinned),
        updated_at = now()
      where id = $1 and deleted_at is null""";

  private static final String PIN = """
      update notice set pinned = $2, updated_at = now() where id = $1 and deleted_at is null""";

  private static final String DELETE = """
      update notice set deleted_at = now() where id = $1 and deleted_at is null""";

  private static final String DETAIL = """
      select n.id, n.org_id, o.name as org_name, n.title, n.body_html, n.pinned,
        n.published_at, n.updated_at, a.name as author_name,
        (select count(*) from notice_read r where r.notice_id = n.id) as read_count
      from notice n
      join org_unit o on o.id = n.org_id
      join account a on a.id = n.author_id
      where n.id = $1 and n.deleted_at is null""";

  private static final String ATTACHMENTS = """
      select id, notice_id, file_name, content_type, size_bytes, stored_file
      from notice_attachment where notice_id = $1 order by id""";

  private static final String ATTACHMENT = """
      select id, notice_id, file_name, content_type, size_bytes, stored_file
      from notice_attachment where id = $1 and notice_id = $2""";

  private static final String COUNT_ATTACHMENTS = """
      select count(*) from notice_attachment where notice_id = $1""";

  private static final String INSERT_ATTACHMENT = """
      insert into notice_attachment (notice_id, file_name, content_type, size_bytes, stored_file)
      values ($1, $2, $3, $4, $5)
      returning id""";

  private static final String DELETE_ATTACHMENT = """
      delete from notice_attachment where id = $1 and notice_id = $2 returning stored_file""";

  private static final String MARK_READ = """
      insert into notice_read (notice_id, user_id) values ($1, $2)
      on conflict (notice_id, user_id) do nothing""";

  // Readers see notices addressed to their own organisation or any ancestor of it: the
  // ancestors come from the materialised path, so the index on org_id answers.
  private static final String READER_PAGE = """
      select n.id, n.title, n.pinned, n.published_at, n.updated_at, o.name as org_name,
        r.notice_id is not null as read,
        (select count(*) from notice_attachment x where x.notice_id = n.id) as attachments
      from notice n
      join org_unit o on o.id = n.org_id
      left join notice_read r on r.notice_id = n.id and r.user_id = $2
      where n.deleted_at is null and n.org_id = any($1)
      order by n.pinned desc, n.published_at desc, n.id desc
      limit $3 offset $4""";

  private static final String READER_COUNTS = """
      select count(*) as total, count(*) filter (where r.notice_id is null) as unread
      from notice n
      left join notice_read r on r.notice_id = n.id and r.user_id = $2
      where n.deleted_at is null and n.org_id = any($1)""";

  private static final String ADMIN_PAGE = """
      select n.id, n.title, n.pinned, n.published_at, n.updated_at, n.org_id,
        o.name as org_name, a.name as author_name,
        (select count(*) from notice_read r where r.notice_id = n.id) as read_count,
        (select count(*) from notice_attachment x where x.notice_id = n.id) as attachments,
        count(*) over () as total
      from notice n
      join org_unit o on o.id = n.org_id
      join account a on a.id = n.author_id
      where n.deleted_at is null and o.path like $1 || '%'
      order by n.pinned desc, n.published_at desc, n.id desc
      limit $2 offset $3""";

  private final Pool pool;

  NoticeStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Long> insert(SqlClient client, long orgId, long authorId, String title, String body,
      boolean pinned) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(orgId, authorId, title, body, pinned))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Optional<Target>> target(long id) {
    return pool.preparedQuery(TARGET).execute(Tuple.of(id))
        .map(rows -> first(rows).map(r -> new Target(r.getLong(0), r.getLong(1), r.getString(2),
            r.getString(3))));
  }

  Future<Boolean> update(SqlClient client, long id, String title, String body, Boolean pinned) {
    return client.preparedQuery(UPDATE).execute(Tuple.of(id, title, body, pinned))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> pin(SqlClient client, long id, boolean pinned) {
    return client.preparedQuery(PIN).execute(Tuple.of(id, pinned))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Boolean> delete(SqlClient client, long id) {
    return client.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  Future<Optional<JsonObject>> detail(long id) {
    Future<RowSet<Row>> notice = pool.preparedQuery(DETAIL).execute(Tuple.of(id));
    Future<RowSet<Row>> files = pool.preparedQuery(ATTACHMENTS).execute(Tuple.of(id));
    return Future.all(notice, files).map(done -> first(notice.result()).map(r -> {
      JsonArray attachments = new JsonArray();
      files.result().forEach(f -> attachments.add(attachmentJson(attachment(f))));
      return new JsonObject()
          .put("id", r.getLong("id"))
          .put("orgId", r.getLong("org_id"))
          .put("orgName", r.getString("org_name"))
          .put("title", r.getString("title"))
          .put("bodyHtml", r.getString("body_html"))
          .put("pinned", r.getBoolean("pinned"))
          .put("publishedAt", iso(r.getOffsetDateTime("published_at")))
          .put("updatedAt", iso(r.getOffsetDateTime("updated_at")))
          .put("authorName", r.getString("author_name"))
          .put("readCount", r.getLong("read_count"))
          .put("attachments", attachments);
    }));
  }

  Future<Optional<Attachment>> attachment(long noticeId, long attachmentId) {
    return pool.preparedQuery(ATTACHMENT).execute(Tuple.of(attachmentId, noticeId))
        .map(rows -> first(rows).map(NoticeStore::attachment));
  }

  Future<Long> countAttachments(long noticeId) {
    return pool.preparedQuery(COUNT_ATTACHMENTS).execute(Tuple.of(noticeId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Long> insertAttachment(SqlClient client, long noticeId, String fileName,
      String contentType, long size, String storedFile) {
    return client.preparedQuery(INSERT_ATTACHMENT)
        .execute(Tuple.of(noticeId, fileName, contentType, size, storedFile))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Optional<String>> deleteAttachment(SqlClient client, long noticeId, long attachmentId) {
    return client.preparedQuery(DELETE_ATTACHMENT).execute(Tuple.of(attachmentId, noticeId))
        .map(rows -> first(rows).map(r -> r.getString(0)));
  }

  Future<Void> markRead(long noticeId, long userId) {
    return pool.preparedQuery(MARK_READ).execute(Tuple.of(noticeId, userId)).mapEmpty();
  }

  Future<JsonObject> readerPage(Long[] orgIds, long userId, int limit, int offset) {
    Future<RowSet<Row>> page = pool.preparedQuery(READER_PAGE)
        .execute(Tuple.of(orgIds, userId, limit, offset));
    Future<RowSet<Row>> counts = pool.preparedQuery(READER_COUNTS)
        .execute(Tuple.of(orgIds, userId));
    return Future.all(page, counts).map(done -> {
      JsonArray items = new JsonArray();
      for (Row r : page.result()) {
        items.add(summary(r).put("read", r.getBoolean("read")));
      }
      Row totals = counts.result().iterator().next();
      return new JsonObject()
          .put("items", items)
          .put("total", totals.getLong("total"))
          .put("unreadCount", totals.getLong("unread"));
    });
  }

  Future<JsonObject> adminPage(String scopePath, int limit, int offset) {
    return pool.preparedQuery(ADMIN_PAGE).execute(Tuple.of(scopePath, limit, offset))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(summary(r)
                .put("orgId", r.getLong("org_id"))
                .put("authorName", r.getString("author_name"))
                .put("readCount", r.getLong("read_count")));
          }
          return new JsonObject().put("items", items).put("total", total);
        });
  }

  static JsonObject attachmentJson(Attachment a) {
    return new JsonObject()
        .put("id", a.id())
        .put("fileName", a.fileName())
        .put("contentType", a.contentType())
        .put("sizeBytes", a.size())
        .put("url", "/api/notices/" + a.noticeId() + "/attachments/" + a.id());
  }

  private static JsonObject summary(Row r) {
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("title", r.getString("title"))
        .put("pinned", r.getBoolean("pinned"))
        .put("publishedAt", iso(r.getOffsetDateTime("published_at")))
        .put("updatedAt", iso(r.getOffsetDateTime("updated_at")))
        .put("orgName", r.getString("org_name"))
        .put("attachmentCount", r.getLong("attachments"));
  }

  private static Attachment attachment(Row r) {
    return new Attachment(r.getLong("id"), r.getLong("notice_id"), r.getString("file_name"),
        r.getString("content_type"), r.getLong("size_bytes"), r.getString("stored_file"));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  static String iso(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
