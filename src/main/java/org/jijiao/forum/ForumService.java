package org.jijiao.forum;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Paging;
import org.jijiao.common.Text;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;

/**
 * The rules of a project's forum. Who may do what:
 * <ul>
 * <li>admins whose scope covers the project's owner organisation read, open or close it,
 *     mute teachers and remove posts with a reason;</li>
 * <li>tutors and course leads whose scope covers the owner read and comment (reply);</li>
 * <li>teachers enrolled (approved) in the project read, post, reply and delete their own.</li>
 * </ul>
 * A closed forum refuses every write (409 {@code forum_closed}); a muted teacher's writes are
 * refused (403 {@code muted}); writes are flood-controlled (429).
 */
public final class ForumService {

  /** Where the learning engine listens: {selectionId}; it recomputes the course score. */
  public static final String RESCORE_ADDRESS = "jijiao.learning.rescore";

  private final ForumStore store;
  private final Access access;
  private final FloodControl flood;
  private final Notifier notifier;
  private final EventBus bus;

  ForumService(ForumStore store, Access access, FloodControl flood, Notifier notifier,
      EventBus bus) {
    this.store = store;
    this.access = access;
    this.flood = flood;
    this.notifier = notifier;
    this.bus = bus;
  }

  public static ForumService create(org.jijiao.platform.Platform p, int maxPostsPerWindow,
      int windowSeconds) {
    return new ForumService(new ForumStore(p.pool()), p.access(),
        new FloodControl(p.redis(), p.keys(), maxPostsPerWindow, windowSeconds),
        new Notifier(p.vertx().eventBus()), p.vertx().eventBus());
  }

  /** How the caller takes part in a forum. */
  enum Standing { ADMIN, TUTOR, MEMBER }

  Future<JsonObject> threads(Principal caller, long projectId, Paging paging) {
    return reader(caller, projectId)
        .compose(seat -> store.threads(projectId, paging.size(), paging.offset())
            .map(page -> page.put("open", seat.forum().open())
                .put("canModerate", seat.standing() == Standing.ADMIN)));
  }

  Future<JsonObject> thread(Principal caller, long postId, Paging paging) {
    return post(postId)
        .compose(post -> reader(caller, post.projectId()).map(post))
        .compose(post -> {
          long threadId = post.threadId() == null ? post.id() : post.threadId();
          return store.view(threadId).compose(root -> store
              .replies(threadId, paging.size(), paging.offset())
              .map(replies -> new JsonObject()
                  .put("thread", root.orElseThrow(ForumService::missing))
                  .put("replies", replies)));
        });
  }

  Future<JsonObject> postThread(Principal caller, long projectId, String title, String body,
      Long courseId) {
    return writer(caller, projectId, false)
        .compose(seat -> store.insertThread(projectId, caller.userId(),
            seat.standing() == Standing.TUTOR, courseId, title, body))
        .compose(id -> store.view(id).map(found -> found.orElseThrow()));
  }

  Future<JsonObject> reply(Principal caller, long parentId, String body) {
    return post(parentId)
        .compose(parent -> {
          if (!"VISIBLE".equals(parent.status())) {
            return Future.failedFuture(ApiException.conflict("post_gone", "该帖子已删除，不能回复"));
          }
          long threadId = parent.threadId() == null ? parent.id() : parent.threadId();
          return writer(caller, parent.projectId(), true)
              .compose(seat -> store.insertReply(parent.projectId(), threadId, parent.id(),
                  caller.userId(), seat.standing() == Standing.TUTOR, body))
              .compose(id -> store.post(threadId).map(thread -> {
                tellOfReply(caller, id, threadId, body, parent, thread.orElseThrow());
                return id;
              }));
        })
        .compose(id -> store.view(id).map(found -> found.orElseThrow()));
  }

  Future<Void> deleteOwn(Principal caller, long postId) {
    return post(postId)
        .compose(post -> {
          if (post.authorId() != caller.userId()) {
            return Future.failedFuture(ApiException.forbidden("只能删除自己的帖子"));
          }
          return forum(post.projectId())
              .compose(forum -> requireOpen(forum))
              .compose(v -> store.deleteOwn(post, caller.userId()))
              .mapEmpty();
        });
  }

  Future<JsonObject> setOpen(Principal admin, long projectId, boolean open) {
    return managed(admin, projectId)
        .compose(forum -> store.pool().withTransaction(tx -> store
            .setState(tx, projectId, open, admin.userId())
            .compose(v -> Audit.record(tx, admin.userId(), open ? "forum.open" : "forum.close",
                "training_project", projectId, forum.ownerOrgId(), null))))
        .map(v -> new JsonObject().put("projectId", projectId).put("open", open));
  }

  Future<JsonObject> mute(Principal admin, long projectId, long teacherId, int minutes,
      String reason) {
    return managed(admin, projectId)
        .compose(forum -> store.pool().withTransaction(tx -> store
            .mute(tx, projectId, teacherId, minutes, reason, admin.userId())
            .compose(until -> Audit.record(tx, admin.userId(), "forum.mute", "account",
                teacherId, forum.ownerOrgId(), new JsonObject().put("projectId", projectId)
                    .put("minutes", minutes).put("reason", reason)).map(until))))
        .map(until -> new JsonObject().put("projectId", projectId).put("teacherId", teacherId)
            .put("mutedUntil", until.toInstant().toString()));
  }

  Future<Void> unmute(Principal admin, long projectId, long teacherId) {
    return managed(admin, projectId)
        .compose(forum -> store.pool().withTransaction(tx -> store
            .unmute(tx, projectId, teacherId)
            .compose(v -> Audit.record(tx, admin.userId(), "forum.unmute", "account",
                teacherId, forum.ownerOrgId(), new JsonObject().put("projectId", projectId)))));
  }

  Future<JsonObject> remove(Principal admin, long postId, String reason) {
    return post(postId)
        .compose(post -> managed(admin, post.projectId())
            .compose(forum -> store.pool().withTransaction(tx -> store
                .remove(tx, post, admin.userId(), reason)
                .compose(changed -> Audit.record(tx, admin.userId(), "forum.remove",
                    "forum_post", postId, forum.ownerOrgId(),
                    new JsonObject().put("reason", reason)).map(changed))))
            .map(changed -> {
              if (changed && post.authorId() != admin.userId()) {
                notifier.send(new Notice(post.authorId(), "FORUM_REMOVED", "您的帖子已被管理员移除",
                    "原因：" + reason, "/forum/posts/" + postId, "forum:removed:" + postId));
              }
              return new JsonObject().put("id", postId).put("status", "REMOVED");
            }));
  }

  /**
   * A tutor's score (0–100) for a teacher's forum participation in one course selection.
   * The latest score is the selection's forum score; the learning engine is asked to
   * recompute the course score from it.
   */
  Future<JsonObject> score(Principal tutor, long selectionId, double score, String comment) {
    return store.selection(selectionId)
        .compose(found -> {
          Row selection = found.orElseThrow(() -> ApiException.notFound("选课记录不存在"));
          long projectId = selection.getLong("project_id");
          if (!tutor.covers(selection.getString("path"))) {
            return Future.failedFuture(ApiException.outOfScope());
          }
          return store.pool().withTransaction(tx -> store
                  .score(tx, selectionId, tutor.userId(), score, comment)
                  .compose(v -> Audit.record(tx, tutor.userId(), "forum.score", "selection",
                      selectionId, selection.getLong("owner_org_id"),
                      new JsonObject().put("score", score).put("projectId", projectId))))
              .map(v -> {
                bus.send(RESCORE_ADDRESS, new JsonObject().put("selectionId", selectionId));
                return new JsonObject().put("selectionId", selectionId)
                    .put("teacherId", selection.getLong("teacher_id"))
                    .put("forumScore", score);
              });
        });
  }

  private record Seat(ForumStore.Forum forum, Standing standing) {
  }

  /** The caller's standing in the forum, or 403 when the caller has none. */
  private Future<Seat> reader(Principal caller, long projectId) {
    return forum(projectId).compose(forum -> {
      boolean covers = caller.covers(forum.ownerPath());
      if (covers && caller.hasAny(Role.ANY_ADMIN)) {
        return Future.succeededFuture(new Seat(forum, Standing.ADMIN));
      }
      if (covers && caller.hasAny(Role.TUTOR, Role.COURSE_LEAD)) {
        return Future.succeededFuture(new Seat(forum, Standing.TUTOR));
      }
      return store.enrolled(projectId, caller.userId()).compose(enrolled -> enrolled
          ? Future.succeededFuture(new Seat(forum, Standing.MEMBER))
          : Future.failedFuture(ApiException.of(403, "not_enrolled",
              "您未报名该培训项目，不能参与其论坛")));
    });
  }

  /**
   * The caller's standing for a write: the forum must be open, the writer not muted and
   * within the flood limit. Tutors may comment (reply) but not open threads.
   */
  private Future<Seat> writer(Principal caller, long projectId, boolean isReply) {
    return reader(caller, projectId)
        .compose(seat -> {
          if (seat.standing() == Standing.TUTOR && !isReply) {
            return Future.failedFuture(ApiException.forbidden("导师请在帖子下评论"));
          }
          return requireOpen(seat.forum()).map(seat);
        })
        .compose(seat -> store.mutedUntil(projectId, caller.userId()).compose(until -> until
            .<Future<Seat>>map(u -> Future.failedFuture(ApiException.of(403, "muted",
                "您已被禁言至 " + Beijing.dateOf(u.toInstant()) + " "
                    + u.atZoneSameInstant(Beijing.ZONE).toLocalTime().withNano(0)
                    + "，暂不能发帖")))
            .orElseGet(() -> Future.succeededFuture(seat))))
        .compose(seat -> flood.admit(caller.userId()).map(seat));
  }

  private Future<Void> requireOpen(ForumStore.Forum forum) {
    return forum.open() ? Future.succeededFuture()
        : Future.failedFuture(ApiException.conflict("forum_closed", "论坛已关闭，只能浏览，不能发帖或修改"));
  }

  /** The forum of a project the admin manages (scope covers the owner organisation). */
  private Future<ForumStore.Forum> managed(Principal admin, long projectId) {
    return forum(projectId).map(forum -> {
      access.requireScope(admin, forum.ownerOrgId());
      return forum;
    });
  }

  private Future<ForumStore.Forum> forum(long projectId) {
    return store.forum(projectId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("培训项目不存在")));
  }

  private Future<ForumStore.Post> post(long postId) {
    return store.post(postId).map(found -> found.orElseThrow(ForumService::missing));
  }

  /** The thread's author and the author of the post answered learn of a reply, once each. */
  private void tellOfReply(Principal replier, long replyId, long threadId, String body,
      ForumStore.Post parent, ForumStore.Post thread) {
    Set<Long> recipients = new LinkedHashSet<>();
    recipients.add(parent.authorId());
    recipients.add(thread.authorId());
    recipients.remove(replier.userId());
    for (long recipient : recipients) {
      notifier.send(new Notice(recipient, "FORUM_REPLY", replier.name() + " 回复了您的帖子",
          Text.truncate(body, 100), "/forum/posts/" + threadId,
          "forum:reply:" + replyId + ":" + recipient));
    }
  }

  private static ApiException missing() {
    return ApiException.notFound("帖子不存在");
  }
}
