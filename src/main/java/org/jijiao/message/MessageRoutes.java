package org.jijiao.message;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Principal;
import org.jijiao.server.RouteModule;

/**
 * The caller's in-app inbox (站内信 and 待办): the messages the notifications verticle stored,
 * newest first, with the unread count the badge shows. Only ever the caller's own rows.
 */
public final class MessageRoutes implements RouteModule {

  private static final String PAGE = """
      select id, kind, title, body, link, created_at, read_at
      from message
      where user_id = $1 and ($2 = false or read_at is null)
      order by created_at desc, id desc
      limit $3 offset $4""";

  private static final String COUNTS = """
      select count(*) filter (where $2 = false or read_at is null) as total,
        count(*) filter (where read_at is null) as unread
      from message where user_id = $1""";

  private static final String READ_ONE = """
      update message set read_at = coalesce(read_at, now())
      where id = $1 and user_id = $2
      returning read_at""";

  private static final String READ_ALL = """
      update message set read_at = now() where user_id = $1 and read_at is null""";

  private final Pool pool;

  public MessageRoutes(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/me/messages").handler(this::list);
    router.post("/api/me/messages/read-all").handler(this::readAll);
    router.post("/api/me/messages/:id/read").handler(this::readOne);
  }

  private void list(RoutingContext ctx) {
    long me = Principal.of(ctx).userId();
    Paging paging = Paging.from(ctx);
    boolean unreadOnly = "true".equals(ctx.request().getParam("unread"))
        || "1".equals(ctx.request().getParam("unread"));

    Future<RowSet<Row>> page = pool.preparedQuery(PAGE)
        .execute(Tuple.of(me, unreadOnly, paging.size(), paging.offset()));
    Future<RowSet<Row>> counts = pool.preparedQuery(COUNTS).execute(Tuple.of(me, unreadOnly));
    Future.all(page, counts)
        .onSuccess(done -> Json.ok(ctx, answer(page.result(), counts.result())))
        .onFailure(ctx::fail);
  }

  private void readOne(RoutingContext ctx) {
    long id = Bodies.pathId(ctx, "id");

    pool.preparedQuery(READ_ONE).execute(Tuple.of(id, Principal.of(ctx).userId()))
        .onSuccess(rows -> {
          if (rows.rowCount() == 0) {
            ctx.fail(ApiException.notFound("消息不存在"));
            return;
          }
          Json.ok(ctx, new JsonObject().put("id", id).put("read", true)
              .put("readAt", rows.iterator().next().getOffsetDateTime(0).toInstant().toString()));
        })
        .onFailure(ctx::fail);
  }

  private void readAll(RoutingContext ctx) {
    pool.preparedQuery(READ_ALL).execute(Tuple.of(Principal.of(ctx).userId()))
        .onSuccess(rows -> Json.ok(ctx, new JsonObject().put("updated", rows.rowCount())
            .put("unreadCount", 0)))
        .onFailure(ctx::fail);
  }

  private static JsonObject answer(RowSet<Row> rows, RowSet<Row> counts) {
    JsonArray items = new JsonArray();
    for (Row r : rows) {
      items.add(new JsonObject()
          .put("id", r.getLong("id"))
          .put("kind", r.getString("kind"))
          .put("title", r.getString("title"))
          .put("body", r.getString("body"))
          .put("link", r.getString("link"))
          .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
          .put("read", r.getValue("read_at") != null));
    }
    Row totals = counts.iterator().next();
    return Paging.answer(items, totals.getLong("total"))
        .put("unreadCount", totals.getLong("unread"));
  }
}
