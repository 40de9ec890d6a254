package org.jijiao.schooltraining;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.common.Paging;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.org.OrgUnit;
import org.jijiao.server.RouteModule;

/**
 * School-based training (校本培训): a school admin creates projects for its own school's
 * teachers (owner = the school); their activities are face-to-face sessions
 * ({@code org.jijiao.attendance}), whose credits enter the ledger as SCHOOL_BASED within
 * the yearly cap of {@link SchoolCreditPolicy}.
 */
public final class SchoolTrainingRoutes implements RouteModule {

  private static final String INSERT = """
      insert into training_project (name, kind, year, owner_org_id, enroll_opens_at,
        enroll_closes_at, study_opens_at, study_closes_at)
      values ($1, 'SCHOOL_BASED', $2, $3, $4, $5, $4, $5)
      returning id""";

  private static final String PAGE = """
      select p.id, p.name, p.year, p.owner_org_id, o.name as org_name, p.created_at,
        (select count(*) from f2f_session s where s.project_id = p.id) as sessions,
        count(*) over () as total
      from training_project p join org_unit o on o.id = p.owner_org_id
      where p.kind = 'SCHOOL_BASED' and o.path like $1 || '%' and ($2::int is null or p.year = $2)
      order by p.created_at desc, p.id desc
      limit $3 offset $4""";

  private final Pool pool;
  private final Access access;
  private final SchoolCreditPolicy policy;

  public SchoolTrainingRoutes(Pool pool, Access access, SchoolCreditPolicy policy) {
    this.pool = pool;
    this.access = access;
    this.policy = policy;
  }

  public static SchoolTrainingRoutes create(org.jijiao.platform.Platform p) {
    return new SchoolTrainingRoutes(p.pool(), p.access(), SchoolCreditPolicy.from(p.config()));
  }

  @Override
  public void mountProtected(Router router) {
    router.post("/api/admin/school-trainings").handler(Access.roles(Role.SCHOOL_ADMIN))
        .handler(this::create);
    router.get("/api/admin/school-trainings").handler(Access.roles(Role.ANY_ADMIN))
        .handler(this::list);
    router.get("/api/me/school-training-credits").handler(this::myCredits);
  }

  private void create(RoutingContext ctx) {
    Principal admin = Principal.of(ctx);
    JsonObject body = Bodies.json(ctx);
    String name = Bodies.requiredString(body, "name", 100).strip();
    int thisYear = Beijing.yearOf(Instant.now());
    Integer year = Bodies.optionalInt(body, "year");
    if (year != null && (year < thisYear - 1 || year > thisYear + 1)) {
      throw ApiException.invalidField("year", "年度只能是上一年、今年或明年");
    }
    int projectYear = year == null ? thisYear : year.intValue();

    create(admin, name, projectYear)
        .onSuccess(project -> Json.created(ctx, project))
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> create(Principal admin, String name, int year) {
    OrgUnit school = access.home(admin);
    if (!"SCHOOL".equals(school.kind())) {
      return Future.failedFuture(ApiException.forbidden("只有学校管理员可以为本校创建校本培训"));
    }
    Instant opens = Beijing.startOfYear(year);
    Instant closes = Beijing.startOfYear(year + 1);

    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
            .execute(Tuple.of(name, year, school.id(), opens.atOffset(ZoneOffset.UTC),
                closes.atOffset(ZoneOffset.UTC)))
            .map(rows -> rows.iterator().next().getLong(0))
            .compose(id -> Audit.record(tx, admin.userId(), "school_training.create",
                "training_project", id, school.id(), new JsonObject().put("name", name))
                .map(id)))
        .map(id -> new JsonObject()
            .put("id", id)
            .put("name", name)
            .put("kind", "SCHOOL_BASED")
            .put("year", year)
            .put("orgId", school.id())
            .put("orgName", school.name())
            .put("maxCreditsPerYear", policy.maxCreditsPerYear().doubleValue()));
  }

  private void list(RoutingContext ctx) {
    Paging paging = Paging.from(ctx);
    Integer year = Bodies.queryInt(ctx, "year");

    pool.preparedQuery(PAGE)
        .execute(Tuple.of(Principal.of(ctx).scopePath(), year == null ? null : year.intValue(),
            paging.size(), paging.offset()))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(new JsonObject()
                .put("id", r.getLong("id"))
                .put("name", r.getString("name"))
                .put("year", r.getInteger("year"))
                .put("orgId", r.getLong("owner_org_id"))
                .put("orgName", r.getString("org_name"))
                .put("sessionCount", r.getLong("sessions")));
          }
          Json.ok(ctx, Paging.answer(items, total)
              .put("maxCreditsPerYear", policy.maxCreditsPerYear().doubleValue()));
        })
        .onFailure(ctx::fail);
  }

  private void myCredits(RoutingContext ctx) {
    Integer asked = Bodies.queryInt(ctx, "year");
    int year = asked == null ? Beijing.yearOf(Instant.now()) : asked.intValue();

    policy.earned(pool, Principal.of(ctx).userId(), year)
        .onSuccess(earned -> Json.ok(ctx, new JsonObject()
            .put("year", year)
            .put("earned", earned.doubleValue())
            .put("maxCreditsPerYear", policy.maxCreditsPerYear().doubleValue())
            .put("remaining", policy.maxCreditsPerYear().subtract(earned).max(
                java.math.BigDecimal.ZERO).doubleValue())))
        .onFailure(ctx::fail);
  }
}
