package org.jijiao.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.course.CourseInput;
import org.jijiao.course.Fields;

/**
 * A training project as an admin submits it (create and full update), validated as a whole:
 * windows ordered, weights summing to exactly 1, pass scores within 1-100 (0 would pass a
 * course nobody watched), phases ordered.
 */
public record TrainingInput(String name, String kind, int year, Long ownerOrgId,
    OffsetDateTime enrollOpensAt, OffsetDateTime enrollClosesAt, OffsetDateTime studyOpensAt,
    OffsetDateTime studyClosesAt, Integer capacity, boolean needsApproval,
    BigDecimal requiredPublic, BigDecimal requiredProfessional, BigDecimal passScorePublic,
    BigDecimal passScoreProfessional, BigDecimal weightVideo, BigDecimal weightHomework,
    BigDecimal weightQuiz, BigDecimal weightForum, BigDecimal maxPlaybackRate,
    List<Phase> phases) {

  // phases is null when the form leaves them out: an update then keeps the stored phases.

  public static final Set<String> KINDS = Set.of("ALL_STAFF", "SPECIAL", "PRINCIPAL",
      "SCHOOL_BASED");

  /** A phase (期): a slice of the project for one stage (or all when stageCode is null). */
  public record Phase(String name, String stageCode, OffsetDateTime startsAt,
      OffsetDateTime endsAt) {
  }

  public static TrainingInput from(JsonObject body) {
    JsonObject weights = body.getValue("weights") == null ? new JsonObject()
        : objectField(body, "weights");
    TrainingInput input = new TrainingInput(
        Bodies.requiredString(body, "name", 100).trim(),
        Fields.oneOf(body, "kind", KINDS),
        Fields.integer(body, "year", 2000, 2100),
        Bodies.optionalLong(body, "ownerOrgId"),
        Fields.instant(body, "enrollOpensAt"),
        Fields.instant(body, "enrollClosesAt"),
        Fields.instant(body, "studyOpensAt"),
        Fields.instant(body, "studyClosesAt"),
        Fields.optionalInteger(body, "capacity", 1, 10_000_000),
        Bodies.optionalBoolean(body, "needsApproval", false),
        Fields.decimal(body, "requiredPublic", 0, 999, 1, 0),
        Fields.decimal(body, "requiredProfessional", 0, 999, 1, 0),
        Fields.decimal(body, "passScorePublic", 1, 100, 2, 60),
        Fields.decimal(body, "passScoreProfessional", 1, 100, 2, 60),
        Fields.decimal(weights, "video", 0, 1, 3, 0.6),
        Fields.decimal(weights, "homework", 0, 1, 3, 0.2),
        Fields.decimal(weights, "quiz", 0, 1, 3, 0.1),
        Fields.decimal(weights, "forum", 0, 1, 3, 0.1),
        Fields.decimal(body, "maxPlaybackRate", 1, 3, 2, 1.25),
        phases(body));
    input.check();
    return input;
  }

  private void check() {
    if (!enrollOpensAt.isBefore(enrollClosesAt)) {
      throw ApiException.invalidField("enrollClosesAt", "window_order", "报名截止时间必须晚于报名开始时间");
    }
    if (!studyOpensAt.isBefore(studyClosesAt)) {
      throw ApiException.invalidField("studyClosesAt", "window_order", "学习截止时间必须晚于学习开始时间");
    }
    if (studyClosesAt.isBefore(enrollClosesAt)) {
      throw ApiException.invalidField("studyClosesAt", "window_order", "学习截止时间不能早于报名截止时间");
    }
    BigDecimal sum = weightVideo.add(weightHomework).add(weightQuiz).add(weightForum);
    if (sum.compareTo(BigDecimal.ONE) != 0) {
      throw ApiException.invalidField("weights", "weights_sum", "成绩权重（视频、作业、测验、论坛）之和必须等于 1");
    }
  }

  private static List<Phase> phases(JsonObject body) {
    JsonArray array = Fields.optionalArray(body, "phases", 20);
    if (array == null) {
      return null;
    }
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonObject item = Fields.objectAt(array, "phases", i);
      String stage = Bodies.optionalString(item, "stageCode", 20);
      if (stage != null && !CourseInput.STAGES.contains(stage)) {
        throw ApiException.invalidField("phases[" + i + "].stageCode", "invalid_value", "学段无效");
      }
      Phase phase = new Phase(Bodies.requiredString(item, "name", 100).trim(), stage,
          Fields.instant(item, "startsAt"), Fields.instant(item, "endsAt"));
      if (!phase.startsAt().isBefore(phase.endsAt())) {
        throw ApiException.invalidField("phases[" + i + "].endsAt", "window_order",
            "每期的结束时间必须晚于开始时间");
      }
      phases.add(phase);
    }
    return phases;
  }

  private static JsonObject objectField(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof JsonObject object)) {
      throw ApiException.invalidField(field, "wrong_type", field + " 必须是对象");
    }
    return object;
  }

  /** $1..$19 in the column order of the store's insert and update. */
  Tuple tuple(long ownerOrgId) {
    return Tuple.tuple()
        .addString(name).addString(kind).addInteger(year).addLong(ownerOrgId)
        .addOffsetDateTime(enrollOpensAt).addOffsetDateTime(enrollClosesAt)
        .addOffsetDateTime(studyOpensAt).addOffsetDateTime(studyClosesAt)
        .addInteger(capacity).addBoolean(needsApproval)
        .addValue(requiredPublic).addValue(requiredProfessional)
        .addValue(passScorePublic).addValue(passScoreProfessional)
        .addValue(weightVideo).addValue(weightHomework).addValue(weightQuiz)
        .addValue(weightForum).addValue(maxPlaybackRate);
  }

  JsonObject auditDetail(long ownerOrgId) {
    return new JsonObject().put("name", name).put("kind", kind).put("year", year)
        .put("ownerOrgId", ownerOrgId).put("capacity", capacity)
        .put("enrollOpensAt", Fields.iso(enrollOpensAt))
        .put("enrollClosesAt", Fields.iso(enrollClosesAt))
        .put("needsApproval", needsApproval)
        .put("phases", phases == null ? null : phases.size());
  }
}
