package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.identity.IdNumber;
import org.jijiao.identity.Principal;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;

/**
 * Teacher self-registration: the account is created PENDING with the submission (so the ID
 * number is taken at once and cannot be registered twice) and becomes ACTIVE only with the
 * final approval; a rejection disables it. Login already refuses anything not ACTIVE with
 * the same 401 as a wrong password.
 */
final class RegistrationRules implements FlowRules {

  private static final String SUBJECT_OF_STAGE =
      "select count(*) from subject where id = $1 and stage_code = $2";

  private static final String INSERT_ACCOUNT = """
      insert into account (id, id_number, name, phone, org_id, stage_code, subject_id,
                           password_hash, must_change_password, status, birth_date, gender)
      values (nextval('account_id_seq'), $1, $2, $3, $4, $5, $6, $7, false, 'PENDING', $8, $9)
      on conflict (id_number) do nothing
      returning id""";

  private static final String INSERT_ROLE =
      "insert into account_role (account_id, role, org_id) values ($1, 'TEACHER', $2)";

  private static final String ACTIVATE = """
      update account set status = 'ACTIVE', updated_at = now()
       where id = $1 and status = 'PENDING'""";

  private static final String DISABLE = """
      update account set status = 'DISABLED', updated_at = now()
       where id = $1 and status = 'PENDING'""";

  private final OrgTree orgs;

  RegistrationRules(OrgTree orgs) {
    this.orgs = orgs;
  }

  @Override
  public String flow() {
    return "REGISTRATION";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    IdNumber id = new IdNumber(in.getString("idNumber"));
    long schoolId = in.getLong("schoolId");
    OrgUnit school = orgs.find(schoolId).filter(u -> "SCHOOL".equals(u.kind()))
        .orElseThrow(() -> ApiException.invalidField("schoolId", "unknown_school", "所选学校不存在"));
    String stage = in.getString("stage");
    int subjectId = in.getInteger("subjectId");

    return tx.preparedQuery(SUBJECT_OF_STAGE).execute(Tuple.of(subjectId, stage))
        .compose(rows -> {
          if (rows.iterator().next().getLong(0) == 0) {
            throw ApiException.invalidField("subjectId", "unknown_subject", "所选学科不属于该学段");
          }
          return tx.preparedQuery(INSERT_ACCOUNT).execute(Tuple.from(new Object[] {id.value(),
              in.getString("name"), in.getString("phone"), schoolId, stage, subjectId,
              in.getString("passwordHash"), id.birthDate().orElseThrow(),
              String.valueOf(id.gender())}));
        })
        .compose(rows -> {
          if (rows.size() == 0) {
            throw ApiException.conflict("already_registered",
                "该身份证号已有账号或注册申请，请直接登录或联系学校管理员");
          }
          long accountId = rows.iterator().next().getLong(0);
          return tx.preparedQuery(INSERT_ROLE).execute(Tuple.of(accountId, schoolId))
              .map(v -> new Draft(accountId, schoolId, null,
                  in.getString("name") + "的注册申请", null, new JsonObject()
                      .put("name", in.getString("name"))
                      .put("idNumberMasked", id.masked())
                      .put("phoneMasked", maskPhone(in.getString("phone")))
                      .put("schoolId", schoolId)
                      .put("schoolName", school.name())
                      .put("stage", stage)
                      .put("subjectId", subjectId)));
        });
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    return tx.preparedQuery(ACTIVATE).execute(Tuple.of(instance.applicantId()))
        .map(rows -> new JsonObject().put("accountId", instance.applicantId())
            .put("activated", rows.rowCount() == 1));
  }

  @Override
  public Future<Void> onRejected(SqlConnection tx, Instance instance, Principal actor) {
    return tx.preparedQuery(DISABLE).execute(Tuple.of(instance.applicantId())).mapEmpty();
  }

  private static String maskPhone(String phone) {
    return phone == null || phone.length() < 7 ? null
        : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
