package org.jijiao.approval;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One approval instance as stored: where it stands and the version its next move needs. */
record Instance(long id, String flow, String title, long applicantId, String applicantName,
    long orgId, Long targetOrgId, String status, int step, int version, String actingRole,
    Long actingOrgId, JsonObject payload, JsonObject outcome, OffsetDateTime createdAt,
    OffsetDateTime updatedAt) {

  static final String PENDING = "PENDING";

  boolean pending() {
    return PENDING.equals(status);
  }

  static Instance of(Row row) {
    return new Instance(row.getLong("id"), row.getString("flow"), row.getString("title"),
        row.getLong("applicant_id"), row.getString("applicant_name"), row.getLong("org_id"),
        row.getLong("target_org_id"), row.getString("status"), row.getInteger("step"),
        row.getInteger("version"), row.getString("acting_role"), row.getLong("acting_org_id"),
        (JsonObject) row.getValue("payload"), (JsonObject) row.getValue("outcome"),
        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }
}
