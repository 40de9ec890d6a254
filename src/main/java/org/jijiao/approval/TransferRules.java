package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;
import org.jijiao.identity.SessionRevocations;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;

/**
 * School transfer (单位调动): the current school releases, the target school accepts. On the
 * final approval the account moves, its TEACHER role with it; an admin role at the old school
 * is dropped. One open transfer per teacher.
 */
final class TransferRules implements FlowRules {

  private static final String CURRENT_ORG = "select org_id from account where id = $1";

  private static final String MOVE = """
      update account set org_id = $2, updated_at = now() where id = $1 and org_id = $3""";

  private static final String MOVE_ROLE = """
      update account_role set org_id = $2 where account_id = $1 and role = 'TEACHER'""";

  private static final String DROP_OLD_ADMIN = """
      delete from account_role where account_id = $1 and role = 'SCHOOL_ADMIN' and org_id = $2""";

  private final OrgTree orgs;
  private final SessionRevocations revocations;

  TransferRules(OrgTree orgs, SessionRevocations revocations) {
    this.orgs = orgs;
    this.revocations = revocations;
  }

  @Override
  public String flow() {
    return "TRANSFER";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    long targetId = in.getLong("targetSchoolId");
    OrgUnit target = orgs.find(targetId).filter(u -> "SCHOOL".equals(u.kind()))
        .orElseThrow(() -> ApiException.invalidField("targetSchoolId", "unknown_school",
            "调入学校不存在"));

    return tx.preparedQuery(CURRENT_ORG).execute(Tuple.of(applicant.userId())).map(rows -> {
      long currentId = rows.iterator().next().getLong(0);
      OrgUnit current = orgs.find(currentId).filter(u -> "SCHOOL".equals(u.kind()))
          .orElseThrow(() -> ApiException.conflict("not_in_school", "只有学校教师可以申请调动"));
      if (currentId == targetId) {
        throw ApiException.invalidField("targetSchoolId", "same_school", "调入学校与当前学校相同");
      }
      return new Draft(applicant.userId(), currentId, targetId,
          "单位调动：" + current.name() + " → " + target.name(), "teacher:" + applicant.userId(),
          new JsonObject()
              .put("fromSchoolId", currentId).put("fromSchoolName", current.name())
              .put("targetSchoolId", targetId).put("targetSchoolName", target.name())
              .put("reason", in.getString("reason")));
    });
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    long teacher = instance.applicantId();
    long from = instance.orgId();
    long to = instance.targetOrgId();
    return tx.preparedQuery(MOVE).execute(Tuple.of(teacher, to, from))
        .compose(moved -> {
          if (moved.rowCount() == 0) {
            throw ApiException.conflict("stale_request", "该教师已不在原学校，调动申请已失效");
          }
          return tx.preparedQuery(MOVE_ROLE).execute(Tuple.of(teacher, to));
        })
        .compose(v -> tx.preparedQuery(DROP_OLD_ADMIN).execute(Tuple.of(teacher, from)))
        .map(dropped -> new JsonObject().put("accountId", teacher)
            .put("fromSchoolId", from).put("toSchoolId", to)
            .put("droppedSchoolAdmin", dropped.rowCount() > 0));
  }

  /** The teacher's tokens name the old school: the next request refreshes into the new one. */
  @Override
  public Future<Void> afterApproved(JsonObject outcome) {
    return revocations.revokeAccess(outcome.getLong("accountId"), "transferred");
  }
}
