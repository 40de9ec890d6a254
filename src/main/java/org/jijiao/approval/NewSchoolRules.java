package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Access;
import org.jijiao.identity.Principal;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;

/**
 * A district proposes a new school; HR approves. The approval creates the org_unit with its
 * materialised path, and the change is announced so every node reloads its tree.
 */
final class NewSchoolRules implements FlowRules {

  private static final String STAGE_EXISTS = "select count(*) from stage where code = $1";

  private static final String NAME_TAKEN = """
      select count(*) from org_unit where parent_id = $1 and name = $2""";

  private static final String INSERT_SCHOOL = """
      insert into org_unit (id, parent_id, kind, code, name, path, district_id, stage_code)
      select s.id, $1, 'SCHOOL', $2 || '-' || s.id, $3, $4 || s.id || '/', $1, $5
        from (select nextval('org_unit_id_seq') as id) s
      returning id""";

  private final Access access;
  private final OrgTree orgs;
  private final EventBus bus;

  NewSchoolRules(Access access, OrgTree orgs, EventBus bus) {
    this.access = access;
    this.orgs = orgs;
    this.bus = bus;
  }

  @Override
  public String flow() {
    return "NEW_SCHOOL";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    Long given = in.getLong("districtId");
    long districtId = given != null ? given : applicant.orgId();
    OrgUnit district = access.requireScope(applicant, districtId);
    if (!"DISTRICT".equals(district.kind())) {
      throw ApiException.invalidField("districtId", "not_a_district", "新学校只能建在县区之下");
    }
    String name = in.getString("name");
    String stage = in.getString("stageCode");

    return tx.preparedQuery(STAGE_EXISTS).execute(Tuple.of(stage))
        .compose(rows -> {
          if (rows.iterator().next().getLong(0) == 0) {
            throw ApiException.invalidField("stageCode", "unknown_stage", "学段不存在");
          }
          return nameFree(tx, districtId, name);
        })
        .map(v -> new Draft(applicant.userId(), districtId, null, "新建学校：" + name,
            "district:" + districtId + ":" + name, new JsonObject()
                .put("districtId", districtId)
                .put("districtName", district.name())
                .put("name", name)
                .put("stageCode", stage)));
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    JsonObject p = instance.payload();
    OrgUnit district = orgs.find(p.getLong("districtId")).orElseThrow();
    return nameFree(tx, district.id(), p.getString("name"))
        .compose(v -> tx.preparedQuery(INSERT_SCHOOL).execute(Tuple.of(district.id(),
            district.code(), p.getString("name"), district.path(), p.getString("stageCode"))))
        .map(rows -> new JsonObject()
            .put("schoolId", rows.iterator().next().getLong(0))
            .put("schoolName", p.getString("name")));
  }

  /** Reloads this node's tree before answering, then tells every other node. */
  @Override
  public Future<Void> afterApproved(JsonObject outcome) {
    return orgs.reload()
        .onSuccess(v -> bus.publish(OrgTree.CHANGED_ADDRESS, outcome));
  }

  private Future<Void> nameFree(SqlConnection tx, long districtId, String name) {
    return tx.preparedQuery(NAME_TAKEN).execute(Tuple.of(districtId, name)).map(rows -> {
      if (rows.iterator().next().getLong(0) > 0) {
        throw ApiException.conflict("school_exists", "该县区已有同名学校");
      }
      return null;
    });
  }
}
