package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.identity.SessionRevocations;
import org.jijiao.org.OrgUnit;

/**
 * Change of a school's admin, proposed by the district (or the school's current admin) and
 * approved by HR. The approval moves the SCHOOL_ADMIN role from whoever holds it at the
 * school to the proposed teacher, who must still be an active teacher of that school.
 */
final class AdminChangeRules implements FlowRules {

  private static final String CANDIDATE = """
      select a.id, a.name, a.status, a.org_id,
             exists (select 1 from account_role r
                      where r.account_id = a.id and r.role = 'SCHOOL_ADMIN') as is_admin
        from account a
       where a.id = $1""";

  private static final String STILL_THERE = """
      select count(*) from account where id = $1 and org_id = $2 and status = 'ACTIVE'""";

  private static final String DROP_ADMINS = """
      delete from account_role where role = 'SCHOOL_ADMIN' and org_id = $1 and account_id <> $2
      returning account_id""";

  private static final String GRANT = """
      insert into account_role (account_id, role, org_id) values ($1, 'SCHOOL_ADMIN', $2)
      on conflict (account_id, role) do update set org_id = excluded.org_id""";

  private final Access access;
  private final SessionRevocations revocations;

  AdminChangeRules(Access access, SessionRevocations revocations) {
    this.access = access;
    this.revocations = revocations;
  }

  @Override
  public String flow() {
    return "ADMIN_CHANGE";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    long schoolId = in.getLong("schoolId");
    OrgUnit school = access.requireScope(applicant, schoolId);
    if (!"SCHOOL".equals(school.kind())) {
      throw ApiException.invalidField("schoolId", "not_a_school", "只能为学校指定管理员");
    }
    long accountId = in.getLong("accountId");

    return tx.preparedQuery(CANDIDATE).execute(Tuple.of(accountId)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || row.getLong("org_id") != schoolId
          || !"ACTIVE".equals(row.getString("status"))) {
        throw ApiException.invalidField("accountId", "not_in_school", "该教师不是本校在职教师");
      }
      if (row.getBoolean("is_admin")) {
        throw ApiException.conflict("already_admin", "该教师已经是学校管理员");
      }
      String name = row.getString("name");
      return new Draft(applicant.userId(), schoolId, null,
          "学校管理员变更：" + school.name() + " → " + name, "school:" + schoolId,
          new JsonObject().put("schoolId", schoolId).put("schoolName", school.name())
              .put("accountId", accountId).put("accountName", name));
    });
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    long schoolId = instance.payload().getLong("schoolId");
    long accountId = instance.payload().getLong("accountId");
    return tx.preparedQuery(STILL_THERE).execute(Tuple.of(accountId, schoolId))
        .compose(rows -> {
          if (rows.iterator().next().getLong(0) == 0) {
            throw ApiException.conflict("stale_request", "该教师已不在本校或已停用，无法任命");
          }
          return tx.preparedQuery(DROP_ADMINS).execute(Tuple.of(schoolId, accountId));
        })
        .compose(dropped -> {
          JsonArray previous = new JsonArray();
          dropped.forEach(r -> previous.add(r.getLong(0)));
          return tx.preparedQuery(GRANT).execute(Tuple.of(accountId, schoolId))
              .map(v -> new JsonObject().put("newAdminId", accountId)
                  .put("previousAdminIds", previous));
        });
  }

  /**
   * The roles in the accounts' tokens changed: the previous admins must lose the role at once,
   * and the new admin gets it on the next request (which refreshes) instead of in 15 minutes.
   */
  @Override
  public Future<Void> afterApproved(JsonObject outcome) {
    List<Future<Void>> revoked = new ArrayList<>();
    revoked.add(revocations.revokeAccess(outcome.getLong("newAdminId"), "role_granted"));
    for (Object previous : outcome.getJsonArray("previousAdminIds", new JsonArray())) {
      revoked.add(revocations.revokeAccess(((Number) previous).longValue(), "role_removed"));
    }
    return Future.all(revoked).mapEmpty();
  }
}
