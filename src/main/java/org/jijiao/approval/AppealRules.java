package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;

/**
 * Credit appeal (学分申诉): the teacher names a project and/or course and the credits that are
 * missing (positive) or wrongly counted (negative), with evidence. Approval adds an APPEAL
 * entry correcting the ledger; a rejection needs a reason (the engine demands a comment).
 */
final class AppealRules implements FlowRules {

  private static final String REFERENCES = """
      select (select name from training_project where id = $1) as project,
             (select title from course where id = $2) as course,
             (select category from course where id = $2) as course_category""";

  @Override
  public String flow() {
    return "APPEAL";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    Long projectId = in.getLong("projectId");
    Long courseId = in.getLong("courseId");

    return tx.preparedQuery(REFERENCES).execute(Tuple.of(projectId, courseId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (projectId != null && row.getString("project") == null) {
            throw ApiException.invalidField("projectId", "unknown_project", "培训项目不存在");
          }
          if (courseId != null && row.getString("course") == null) {
            throw ApiException.invalidField("courseId", "unknown_course", "课程不存在");
          }
          JsonObject payload = in.copy()
              .put("projectName", row.getString("project"))
              .put("courseTitle", row.getString("course"));
          if (payload.getString("category") == null) {
            payload.put("category", row.getString("course_category"));
          }
          if (payload.getString("category") == null) {
            throw ApiException.invalidField("category", "missing_field", "请选择学分类别（公需或专业）");
          }
          String about = row.getString("course") != null ? row.getString("course")
              : row.getString("project");
          return CreditLedger.schoolOf(tx, applicant.userId())
              .map(school -> new Draft(applicant.userId(), school, null, "学分申诉：" + about,
                  "appeal:" + applicant.userId() + ":" + projectId + ":" + courseId + ":"
                      + in.getInteger("year"), payload));
        });
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    return CreditLedger.add(tx, instance, "APPEAL", actor.userId(),
        "学分申诉更正：" + instance.payload().getString("reason"));
  }
}
