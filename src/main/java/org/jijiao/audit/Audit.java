package org.jijiao.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The audit trail of admin actions and approvals. Pass the transaction's connection so the
 * record commits or rolls back with the action it describes.
 */
public final class Audit {

  private static final String INSERT = """
      insert into audit_log (actor_id, action, target_type, target_id, org_id, detail)
      values ($1, $2, $3, $4, $5, $6)""";

  private Audit() {
  }

  public static Future<Void> record(SqlClient client, long actorId, String action,
      String targetType, Object targetId, Long orgId, JsonObject detail) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(actorId, action, targetType, String.valueOf(targetId), orgId,
            detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }
}
