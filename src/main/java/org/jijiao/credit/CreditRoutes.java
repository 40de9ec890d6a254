package org.jijiao.credit;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Bodies;
import org.jijiao.common.Json;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.platform.Platform;
import org.jijiao.server.RouteModule;

/** {@code /api/me/credits} and the course lead's credit corrections. */
public final class CreditRoutes implements RouteModule {

  private static final BigDecimal MAX_CREDITS = BigDecimal.valueOf(1000);

  private final CreditService credits;
  private final Clock clock;

  public CreditRoutes(CreditService credits, Clock clock) {
    this.credits = credits;
    this.clock = clock;
  }

  public static CreditRoutes create(Platform p) {
    return new CreditRoutes(new CreditService(p.pool(), new CreditStore(p.pool())),
        Clock.systemUTC());
  }

  @Override
  public void mountProtected(Router router) {
    router.get("/api/me/credits").handler(this::myCredits);
    router.post("/api/admin/selections/:id/credit-correction")
        .handler(Access.roles(Role.COURSE_LEAD))
        .handler(this::correct);
  }

  private void myCredits(RoutingContext ctx) {
    Integer asked = Bodies.queryInt(ctx, "year");
    int year = asked == null ? Beijing.yearOf(clock.instant()) : asked.intValue();
    if (year < 2000 || year > 2100) {
      throw ApiException.invalidField("year", "年份超出范围");
    }

    credits.year(Principal.of(ctx).userId(), year)
        .onSuccess(view -> Json.ok(ctx, view))
        .onFailure(ctx::fail);
  }

  private void correct(RoutingContext ctx) {
    long selectionId = Bodies.pathId(ctx, "id");
    JsonObject body = Bodies.json(ctx);
    BigDecimal total = amount(body, "credits");
    BigDecimal hours = amount(body, "hours");
    String reason = Bodies.requiredString(body, "reason", 500);
    String key = Bodies.optionalString(body, "requestKey", 64);

    credits.correct(Principal.of(ctx), selectionId, total, hours, reason, key)
        .onSuccess(entry -> Json.created(ctx, entry))
        .onFailure(ctx::fail);
  }

  private static BigDecimal amount(JsonObject body, String field) {
    BigDecimal value = BigDecimal.valueOf(Bodies.requiredNumber(body, field));
    if (value.signum() < 0 || value.compareTo(MAX_CREDITS) > 0 || value.scale() > 1
        && value.stripTrailingZeros().scale() > 1) {
      throw ApiException.invalidField(field, field + " 须为 0 到 1000 之间、最多一位小数的数");
    }
    return value.stripTrailingZeros();
  }
}
