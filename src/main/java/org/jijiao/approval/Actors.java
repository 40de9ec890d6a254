package org.jijiao.approval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;

/** The caller as it travels over the event bus to the engine. */
final class Actors {

  private Actors() {
  }

  static JsonObject toJson(Principal principal) {
    if (principal == null) {
      return null;
    }
    JsonArray roles = new JsonArray();
    principal.roles().forEach(r -> roles.add(r.name()));
    return new JsonObject()
        .put("userId", principal.userId())
        .put("name", principal.name())
        .put("roles", roles)
        .put("orgId", principal.orgId())
        .put("scopePath", principal.scopePath());
  }

  static Principal fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    json.getJsonArray("roles", new JsonArray()).forEach(r -> roles.add(Role.valueOf((String) r)));
    return new Principal(json.getLong("userId"), json.getString("name"), roles,
        json.getLong("orgId"), json.getString("scopePath"), false);
  }
}
