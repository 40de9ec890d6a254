package org.jijiao.notice;

import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.org.OrgUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of notices: an admin publishes to a node of its own subtree and manages only
 * notices addressed inside it; a reader sees the notices addressed to its organisation or
 * to any ancestor of it. Files live under {@code files.dir/notices/}, named by a random id.
 */
public final class NoticeService {

  private static final Logger LOG = LoggerFactory.getLogger(NoticeService.class);

  /** Limits on what an admin may publish. */
  public record Limits(long maxAttachmentBytes, int maxAttachments) {
  }

  private final NoticeStore store;
  private final Access access;
  private final FileSystem files;
  private final Path filesDir;
  private final Limits limits;

  public NoticeService(io.vertx.sqlclient.Pool pool, Access access, FileSystem files,
      Path filesDir, Limits limits) {
    this.store = new NoticeStore(pool);
    this.access = access;
    this.files = files;
    this.filesDir = filesDir.toAbsolutePath().normalize();
    this.limits = limits;
  }

  Future<JsonObject> publish(Principal admin, Long orgId, String title, String bodyHtml,
      boolean pinned) {
    OrgUnit target = orgId == null ? access.home(admin) : access.requireScope(admin, orgId);
    String body = RichText.sanitize(bodyHtml);

    return store.pool().withTransaction(tx -> store
            .insert(tx, target.id(), admin.userId(), title, body, pinned)
            .compose(id -> Audit.record(tx, admin.userId(), "notice.publish", "notice", id,
                target.id(), new JsonObject().put("title", title)).map(id)))
        .compose(id -> store.detail(id).map(found -> found.orElseThrow()));
  }

  Future<JsonObject> update(Principal admin, long id, String title, String bodyHtml,
      Boolean pinned) {
    String body = RichText.sanitize(bodyHtml);

    return managed(admin, id)
        .compose(target -> store.pool().withTransaction(tx -> store
            .update(tx, id, title, body, pinned)
            .compose(ok -> Audit.record(tx, admin.userId(), "notice.update", "notice", id,
                target.orgId(), new JsonObject().put("title", title)))))
        .compose(v -> store.detail(id).map(found -> found.orElseThrow()));
  }

  Future<JsonObject> pin(Principal admin, long id, boolean pinned) {
    return managed(admin, id)
        .compose(target -> store.pool().withTransaction(tx -> store.pin(tx, id, pinned)
            .compose(ok -> Audit.record(tx, admin.userId(), pinned ? "notice.pin" : "notice.unpin",
                "notice", id, target.orgId(), null))))
        .map(v -> new JsonObject().put("id", id).put("pinned", pinned));
  }

  Future<Void> delete(Principal admin, long id) {
    return managed(admin, id)
        .compose(target -> store.pool().withTransaction(tx -> store.delete(tx, id)
            .compose(ok -> Audit.record(tx, admin.userId(), "notice.delete", "notice", id,
                target.orgId(), new JsonObject().put("title", target.title())))));
  }

  Future<JsonObject> adminList(Principal admin, Paging paging) {
    return store.adminPage(admin.scopePath(), paging.size(), paging.offset());
  }

  Future<JsonObject> readerList(Principal reader, Paging paging) {
    return store.readerPage(ancestors(reader.scopePath()), reader.userId(), paging.size(),
        paging.offset());
  }

  /** The notice for a reader, marked read (once, however often it is opened). */
  Future<JsonObject> open(Principal reader, long id) {
    return visible(reader, id)
        .compose(target -> store.markRead(id, reader.userId()))
        .compose(v -> store.detail(id))
        .map(found -> found.orElseThrow(NoticeService::missing).put("read", true));
  }

  /**
   * The notice for the admin who manages it, to edit; not marked read. Outside the admin's
   * subtree it is a 404 like a missing one, so ids do not reveal other units' notices.
   */
  Future<JsonObject> manage(Principal admin, long id) {
    return store.target(id)
        .compose(found -> {
          found.filter(target -> admin.covers(target.orgPath()))
              .orElseThrow(NoticeService::missing);
          return store.detail(id);
        })
        .map(found -> found.orElseThrow(NoticeService::missing));
  }

  Future<JsonObject> attach(Principal admin, long id, FileUpload upload) {
    String name = Attachments.cleanName(upload.fileName());
    String type = Attachments.typeOf(name);
    if (type == null) {
      return Future.failedFuture(ApiException.of(415, "unsupported_file_type",
          "不支持的附件类型，请上传 PDF、Office 文档、图片、文本或压缩包"));
    }
    if (upload.size() > limits.maxAttachmentBytes()) {
      return Future.failedFuture(ApiException.of(413, "file_too_large",
          "附件过大（最大 " + limits.maxAttachmentBytes() / (1024 * 1024) + " MB）"));
    }
    String stored = "notices/" + id + "/" + UUID.randomUUID() + "." + Attachments.extension(name);
    Path destination = filesDir.resolve(stored);

    return managed(admin, id)
        .compose(target -> store.countAttachments(id).compose(count -> count >= limits
            .maxAttachments()
            ? Future.failedFuture(ApiException.conflict("too_many_attachments",
                "每条通知最多 " + limits.maxAttachments() + " 个附件"))
            : Future.succeededFuture(target)))
        .compose(target -> files.mkdirs(destination.getParent().toString())
            .compose(v -> files.move(upload.uploadedFileName(), destination.toString()))
            .compose(v -> store.pool().withTransaction(tx -> store
                .insertAttachment(tx, id, name, type, upload.size(), stored)
                .compose(aid -> Audit.record(tx, admin.userId(), "notice.attach", "notice", id,
                    target.orgId(), new JsonObject().put("file", name)).map(aid))))
            .onFailure(e -> files.delete(destination.toString()).onFailure(ignored -> { })))
        .map(aid -> NoticeStore.attachmentJson(new NoticeStore.Attachment(aid, id, name, type,
            upload.size(), stored)));
  }

  Future<Void> detach(Principal admin, long id, long attachmentId) {
    return managed(admin, id)
        .compose(target -> store.pool().withTransaction(tx -> store
            .deleteAttachment(tx, id, attachmentId)
            .compose(found -> {
              String stored = found.orElseThrow(() -> ApiException.notFound("附件不存在"));
              return Audit.record(tx, admin.userId(), "notice.detach", "notice", id,
                  target.orgId(), new JsonObject().put("attachmentId", attachmentId))
                  .map(stored);
            })))
        .compose(stored -> files.delete(filesDir.resolve(stored).toString())
            .recover(e -> {
              LOG.warn("event=attachment_file_not_deleted file={}", stored, e);
              return Future.succeededFuture();
            }));
  }

  /** The attachment and where its bytes are, if the caller may read the notice. */
  Future<Download> download(Principal reader, long id, long attachmentId) {
    return visible(reader, id)
        .compose(target -> store.attachment(id, attachmentId))
        .map(found -> {
          NoticeStore.Attachment a = found.orElseThrow(() -> ApiException.notFound("附件不存在"));
          return new Download(a, filesDir.resolve(a.storedFile()));
        });
  }

  record Download(NoticeStore.Attachment attachment, Path file) {
  }

  /** A notice the admin may manage: addressed inside the admin's subtree. */
  private Future<NoticeStore.Target> managed(Principal admin, long id) {
    return store.target(id).map(found -> {
      NoticeStore.Target target = found.orElseThrow(NoticeService::missing);
      access.requireScope(admin, target.orgId());
      return target;
    });
  }

  /**
   * A notice the caller may read: addressed to its organisation or an ancestor, or (for an
   * admin) anywhere inside its subtree. Others get 404, so ids do not reveal titles.
   */
  private Future<NoticeStore.Target> visible(Principal reader, long id) {
    return store.target(id).map(found -> {
      NoticeStore.Target target = found.orElseThrow(NoticeService::missing);
      boolean addressedToMe = reader.scopePath().startsWith(target.orgPath());
      boolean managedByMe = isAdmin(reader) && reader.covers(target.orgPath());
      if (!addressedToMe && !managedByMe) {
        throw missing();
      }
      return target;
    });
  }

  private static boolean isAdmin(Principal principal) {
    return principal.hasAny(Role.ANY_ADMIN);
  }

  /** The ids on a materialised path: "/1/3/120/" → [1, 3, 120]. */
  static Long[] ancestors(String path) {
    List<Long> ids = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        ids.add(Long.parseLong(part));
      }
    }
    return ids.toArray(new Long[0]);
  }

  private static ApiException missing() {
    return ApiException.notFound("通知不存在或已删除");
  }
}
