package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.jijiao.identity.Principal;

/**
 * What is particular to one flow: checking and shaping a submission, and what happens to the
 * rest of the system when an instance is finally approved or rejected. Everything runs in
 * the engine's transaction, so an effect commits or rolls back with the decision itself.
 */
interface FlowRules {

  /** What a submission becomes: who applies, which organisations it concerns, its payload. */
  record Draft(long applicantId, long orgId, Long targetOrgId, String title, String subjectKey,
      JsonObject payload) {
  }

  String flow();

  /**
   * Checks a submission against the stores and shapes it. {@code applicant} is null for the
   * public registration. Fails with an {@link org.jijiao.common.ApiException} (400, 403, 409).
   */
  Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject payload);

  /** The effect of the final approval; answers the outcome stored on the instance. */
  default Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    return Future.succeededFuture(new JsonObject());
  }

  default Future<Void> onRejected(SqlConnection tx, Instance instance, Principal actor) {
    return Future.succeededFuture();
  }

  /** Runs after the approval committed (e.g. announcing an organisation change). */
  default Future<Void> afterApproved(JsonObject outcome) {
    return Future.succeededFuture();
  }
}
