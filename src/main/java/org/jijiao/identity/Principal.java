package org.jijiao.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.Set;
import org.jijiao.common.ApiException;

/**
 * Who is calling, as the access token says: the account, its roles, its organisation and the
 * path of that organisation, which is the scope of every admin role the account holds.
 */
public record Principal(long userId, String name, Set<Role> roles, long orgId, String scopePath,
    boolean mustChangePassword) {

  static final String CONTEXT_KEY = "jijiao.principal";

  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw ApiException.unauthorized("unauthorized", "请先登录");
    }
    return principal;
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... wanted) {
    for (Role role : wanted) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an organisation at {@code path} lies in this principal's subtree. */
  public boolean covers(String path) {
    return path != null && path.startsWith(scopePath);
  }

  JsonObject claims() {
    JsonArray roleNames = new JsonArray();
    roles.forEach(r -> roleNames.add(r.name()));
    return new JsonObject()
        .put("sub", String.valueOf(userId))
        .put("name", name)
        .put("roles", roleNames)
        .put("org", orgId)
        .put("scope", scopePath)
        .put("pwc", mustChangePassword);
  }

  static Principal fromClaims(JsonObject claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object r : claims.getJsonArray("roles", new JsonArray())) {
      roles.add(Role.valueOf((String) r));
    }
    return new Principal(Long.parseLong(claims.getString("sub")), claims.getString("name"),
        roles, claims.getLong("org"), claims.getString("scope"),
        claims.getBoolean("pwc", false));
  }
}
