package org.jijiao.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.jijiao.common.ApiException;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;

/**
 * The one mechanism for role and scope checks. Routes declare the roles they admit with
 * {@link #roles}; handlers that touch an organisation's data call {@link #requireScope}
 * with that organisation's id, which refuses anything outside the caller's subtree.
 */
public final class Access {

  private final OrgTree orgs;

  public Access(OrgTree orgs) {
    this.orgs = orgs;
  }

  /** A route handler admitting only callers holding at least one of the roles. */
  public static Handler<RoutingContext> roles(Role... allowed) {
    return ctx -> {
      Principal principal = Principal.of(ctx);
      if (!principal.hasAny(allowed)) {
        ctx.fail(ApiException.forbidden("您的角色无权进行此操作"));
        return;
      }
      ctx.next();
    };
  }

  /** The organisation, if the caller's scope covers it; 403 otherwise, 404 if unknown. */
  public OrgUnit requireScope(Principal principal, long orgId) {
    OrgUnit unit = orgs.find(orgId)
        .orElseThrow(() -> ApiException.notFound("机构不存在"));
    if (!principal.covers(unit.path())) {
      throw ApiException.outOfScope();
    }
    return unit;
  }

  /** The caller's own organisation node. */
  public OrgUnit home(Principal principal) {
    return orgs.find(principal.orgId())
        .orElseThrow(() -> ApiException.notFound("机构不存在"));
  }

  public OrgTree orgs() {
    return orgs;
  }
}
