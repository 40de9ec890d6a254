package org.jijiao.course;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;

/**
 * A course as an admin submits it (create and full update). Public courses have no stage
 * or subject; professional ones have both, and the subject must belong to the stage (the
 * store checks that against the subject table).
 */
public record CourseInput(String code, String title, String category, String topic,
    String stageCode, Integer subjectId, BigDecimal hours, BigDecimal credits, int difficulty,
    Long leadId, String description, String homeworkPrompt, int quizMaxAttempts) {

  public static final Set<String> CATEGORIES = Set.of("PUBLIC", "PROFESSIONAL");
  public static final Set<String> STAGES = Set.of("KINDERGARTEN", "PRIMARY", "JUNIOR", "SENIOR");

  public static CourseInput from(JsonObject body) {
    String code = Bodies.requiredString(body, "code", 32).trim();
    if (!code.matches("[A-Za-z0-9_-]{1,32}")) {
      throw ApiException.invalidField("code", "invalid_value", "课程编号只能包含字母、数字、-、_");
    }
    String title = Bodies.requiredString(body, "title", 200).trim();
    String category = Fields.oneOf(body, "category", CATEGORIES);
    String stage = Bodies.optionalString(body, "stageCode", 20);
    Integer subject = Bodies.optionalInt(body, "subjectId");
    if (category.equals("PUBLIC") && (stage != null || subject != null)) {
      throw ApiException.invalidField("stageCode", "not_allowed", "公需课程不设学段和学科");
    }
    if (category.equals("PROFESSIONAL")) {
      if (stage == null || !STAGES.contains(stage)) {
        throw ApiException.invalidField("stageCode", "invalid_value", "专业课程必须指定有效的学段");
      }
      if (subject == null || subject < 1 || subject > Integer.MAX_VALUE) {
        throw ApiException.invalidField("subjectId", "missing_field", "专业课程必须指定学科");
      }
    }
    return new CourseInput(code, title, category,
        Bodies.optionalString(body, "topic", 40), stage,
        subject == null ? null : subject.intValue(),
        Fields.decimal(body, "hours", 0.5, 200, 1),
        Fields.decimal(body, "credits", 0.5, 200, 1),
        Fields.optionalInteger(body, "difficulty", 1, 5) == null ? 2
            : Fields.optionalInteger(body, "difficulty", 1, 5),
        Bodies.optionalLong(body, "leadId"),
        orEmpty(Bodies.optionalString(body, "description", 5000)),
        Bodies.optionalString(body, "homeworkPrompt", 2000),
        Fields.optionalInteger(body, "quizMaxAttempts", 1, 20) == null ? 3
            : Fields.optionalInteger(body, "quizMaxAttempts", 1, 20));
  }

  /** Parameters $1..$13 in the column order of the store's insert and update. */
  Tuple tuple() {
    return Tuple.tuple()
        .addString(code).addString(title).addString(category).addString(topic)
        .addString(stageCode).addInteger(subjectId).addValue(hours).addValue(credits)
        .addInteger(difficulty).addLong(leadId).addString(description)
        .addString(homeworkPrompt).addInteger(quizMaxAttempts);
  }

  JsonObject toJson() {
    return new JsonObject().put("code", code).put("title", title).put("category", category)
        .put("stageCode", stageCode).put("subjectId", subjectId)
        .put("hours", hours.doubleValue()).put("credits", credits.doubleValue());
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
