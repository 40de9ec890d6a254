package org.jijiao.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.server.RouteModule;

/**
 * {@code GET /api/admin/audit}: the audit trail of the caller's subtree, newest first,
 * optionally one action (or an action family such as {@code approval.}).
 */
public final class AuditRoutes implements RouteModule {

  private static final String WHERE = """
        join org_unit o on o.id = l.org_id
       where o.path like $1 || '%'
         and ($2::text is null or l.action = $2
              or (right($2, 1) = '.' and l.action like $2 || '%'))""";

  private static final String PAGE = """
      select l.id, l.actor_id, a.name as actor_name, l.action, l.target_type, l.target_id,
             l.org_id, o.name as org_name, l.detail, l.at
        from audit_log l
        left join account a on a.id = l.actor_id
      """ + WHERE + "\n" + """
       order by l.at desc, l.id desc
       limit $3 offset $4""";

  private static final String COUNT = "select count(*) from audit_log l\n" + WHERE;

  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/admin/audit").handler(Access.roles(Role.ANY_ADMIN)).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);
    String action = ctx.request().getParam("action");
    if (action != null && (action.isBlank() || !action.matches("[a-z_.]{1,60}"))) {
      throw ApiException.invalidField("action", "invalid_action",
          "action 格式不正确，如 approval.approve");
    }
    String scope = Principal.of(ctx).scopePath();

    Future<JsonArray> items = pool.preparedQuery(PAGE)
        .execute(Tuple.of(scope, action, paging.size(), paging.offset()))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(toJson(row)));
          return out;
        });
    Future<Long> total = pool.preparedQuery(COUNT).execute(Tuple.of(scope, action))
        .map(rows -> rows.iterator().next().getLong(0));
    Future.all(items, total)
        .onSuccess(done -> Json.ok(ctx, Paging.answer(items.result(), total.result())))
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("actor", new JsonObject().put("id", row.getLong("actor_id"))
            .put("name", row.getString("actor_name")))
        .put("action", row.getString("action"))
        .put("targetType", row.getString("target_type"))
        .put("targetId", row.getString("target_id"))
        .put("org", new JsonObject().put("id", row.getLong("org_id"))
            .put("name", row.getString("org_name")))
        .put("detail", row.getValue("detail"))
        .put("at", row.getOffsetDateTime("at").toString());
  }
}
