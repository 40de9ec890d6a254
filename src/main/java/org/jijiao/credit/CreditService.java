package org.jijiao.credit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.credit.CreditStore.Entry;
import org.jijiao.identity.Principal;

/** Credit views per year, project and course, and the course lead's corrections. */
public final class CreditService {

  private final Pool pool;
  private final CreditStore store;

  public CreditService(Pool pool, CreditStore store) {
    this.pool = pool;
    this.store = store;
  }

  /** The teacher's year: totals, the requirement and what is missing, by project, by course. */
  public Future<JsonObject> year(long teacherId, int year) {
    return store.entries(teacherId, year).map(entries -> summary(year, entries));
  }

  static JsonObject summary(int year, List<Entry> entries) {
    BigDecimal credits = BigDecimal.ZERO;
    BigDecimal publicHours = BigDecimal.ZERO;
    BigDecimal professionalHours = BigDecimal.ZERO;
    Map<String, JsonObject> byProject = new LinkedHashMap<>();
    Map<Long, JsonObject> byCourse = new LinkedHashMap<>();
    for (Entry e : entries) {
      credits = credits.add(e.credits());
      if ("PROFESSIONAL".equals(e.category())) {
        professionalHours = professionalHours.add(e.hours());
      } else {
        publicHours = publicHours.add(e.hours());
      }
      String projectKey = Objects.toString(e.projectId(), "none");
      JsonObject project = byProject.computeIfAbsent(projectKey, k -> new JsonObject()
          .put("projectId", e.projectId())
          .put("name", e.projectName() != null ? e.projectName() : "其他学分（申报、导入等）")
          .put("kind", e.projectKind()).put("credits", 0.0).put("hours", 0.0));
      add(project, e);
      if (e.courseId() != null) {
        JsonObject course = byCourse.computeIfAbsent(e.courseId(), k -> new JsonObject()
            .put("courseId", e.courseId()).put("title", e.courseTitle())
            .put("category", e.category()).put("projectId", e.projectId())
            .put("credits", 0.0).put("hours", 0.0).put("sources", new JsonArray()));
        add(course, e);
        if (!course.getJsonArray("sources").contains(e.source())) {
          course.getJsonArray("sources").add(e.source());
        }
      }
    }
    Requirement requirement = Requirement.of(publicHours, professionalHours);
    return new JsonObject()
        .put("year", year)
        .put("totalCredits", credits.doubleValue())
        .put("totalHours", publicHours.add(professionalHours).doubleValue())
        .put("publicHours", publicHours.doubleValue())
        .put("professionalHours", professionalHours.doubleValue())
        .put("requiredHours", Requirement.MIN_HOURS)
        .put("meetsRequirement", requirement.meets())
        .put("missing", new JsonObject()
            .put("totalHours", requirement.missingTotal().doubleValue())
            .put("professionalHours", requirement.missingProfessional().doubleValue()))
        .put("message", requirement.message())
        .put("byProject", new JsonArray(List.copyOf(byProject.values())))
        .put("byCourse", new JsonArray(List.copyOf(byCourse.values())));
  }

  private static void add(JsonObject sum, Entry e) {
    sum.put("credits", BigDecimal.valueOf(sum.getDouble("credits")).add(e.credits()).doubleValue());
    sum.put("hours", BigDecimal.valueOf(sum.getDouble("hours")).add(e.hours()).doubleValue());
  }

  /**
   * The lead confirms or corrects a course result: {@code credits}/{@code hours} are what the
   * course should count in total; the ledger gets a LEAD_CORRECTION entry for the difference
   * (zero when confirming), never an edit. Audited in the same transaction. Fails with 404
   * (no such selection) or 403 (not the lead of that course).
   */
  public Future<JsonObject> correct(Principal lead, long selectionId, BigDecimal credits,
      BigDecimal hours, String reason, String requestKey) {
    String ref = requestKey == null ? null : "lead:" + selectionId + ":" + requestKey;
    return pool.withTransaction(tx -> store.lockTarget(tx, selectionId).compose(found -> {
      CreditStore.Target t = found.orElseThrow(() -> ApiException.notFound("选课记录不存在"));
      if (t.leadId() == null || t.leadId() != lead.userId()) {
        throw ApiException.forbidden("只有该课程的负责老师可以确认或更正学分");
      }
      // A course never counts for more than it is worth: a correction fixes a result, it
      // does not create credits the course does not carry.
      if (credits.compareTo(t.courseCredits()) > 0 || hours.compareTo(t.courseHours()) > 0) {
        throw ApiException.invalidField("credits", "beyond_course_credits",
            "更正后的学分、学时不能超过本课程的 " + t.courseCredits().stripTrailingZeros()
                .toPlainString() + " 学分、" + t.courseHours().stripTrailingZeros().toPlainString()
                + " 学时");
      }
      BigDecimal deltaCredits = credits.subtract(t.credits());
      BigDecimal deltaHours = hours.subtract(t.hours());
      return store.insertCorrection(tx, t, selectionId, ref, deltaCredits, deltaHours,
              lead.userId(), reason)
          .compose(c -> {
            JsonObject entry = c.json().put("selectionId", selectionId)
                .put("totalCredits", credits.doubleValue())
                .put("totalHours", hours.doubleValue());
            if (!c.created()) {
              return Future.succeededFuture(entry);
            }
            return Audit.record(tx, lead.userId(), "credit.lead_correction", "selection",
                    selectionId, t.orgId(), new JsonObject()
                        .put("entryId", entry.getLong("entryId"))
                        .put("credits", credits.doubleValue()).put("hours", hours.doubleValue())
                        .put("reason", reason))
                .map(v -> entry);
          });
    }));
  }
}
