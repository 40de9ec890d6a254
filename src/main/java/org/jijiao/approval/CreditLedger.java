package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import org.jijiao.common.ApiException;

/** Ledger writes of the credit flows: one entry per (source, source_ref), never edited. */
final class CreditLedger {

  private static final String APPLICANT_SCHOOL = """
      select a.org_id, o.kind from account a join org_unit o on o.id = a.org_id where a.id = $1""";

  private static final String INSERT_ENTRY = """
      insert into credit_entry (teacher_id, source, project_id, course_id, source_ref, year,
                                category, credits, hours, approved_by, note)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      on conflict (source, source_ref) where source_ref is not null do nothing
      returning id""";

  private CreditLedger() {
  }

  /** The school an applicant teaches at; credit requests are reviewed there first. */
  static Future<Long> schoolOf(SqlConnection tx, long accountId) {
    return tx.preparedQuery(APPLICANT_SCHOOL).execute(Tuple.of(accountId)).map(rows -> {
      var row = rows.iterator().next();
      if (!"SCHOOL".equals(row.getString("kind"))) {
        throw ApiException.conflict("not_in_school", "只有学校教师可以提交学分申请");
      }
      return row.getLong("org_id");
    });
  }

  /** Adds the entry an approved request earns; answers the outcome with its id. */
  static Future<JsonObject> add(SqlConnection tx, Instance instance, String source,
      long approvedBy, String note) {
    JsonObject p = instance.payload();
    return tx.preparedQuery(INSERT_ENTRY)
        .execute(Tuple.from(new Object[] {instance.applicantId(), source, p.getLong("projectId"),
            p.getLong("courseId"), String.valueOf(instance.id()), p.getInteger("year"),
            p.getString("category"), new BigDecimal(p.getString("credits")),
            new BigDecimal(p.getString("hours")), approvedBy, note}))
        .map(rows -> new JsonObject()
            .put("creditEntryId", rows.size() == 0 ? null : rows.iterator().next().getLong(0))
            .put("source", source)
            .put("sourceRef", String.valueOf(instance.id())));
  }
}
