package org.jijiao.course;

import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;

/** The list filter of {@code GET /api/admin/courses}: category, stage, subject, words. */
public record CourseFilter(String category, String stageCode, Integer subjectId, String q) {

  public static CourseFilter from(RoutingContext ctx) {
    String category = blankToNull(ctx.request().getParam("category"));
    if (category != null && !CourseInput.CATEGORIES.contains(category)) {
      throw ApiException.invalidField("category", "invalid_value",
          "类别必须是 PUBLIC 或 PROFESSIONAL");
    }
    String stage = blankToNull(ctx.request().getParam("stage"));
    if (stage != null && !CourseInput.STAGES.contains(stage)) {
      throw ApiException.invalidField("stage", "invalid_value", "stage 不是有效的学段");
    }
    Integer subject = Bodies.queryInt(ctx, "subject");
    if (subject != null && (subject < 1 || subject > Integer.MAX_VALUE)) {
      throw ApiException.invalidField("subject", "out_of_range", "subject 不是有效的学科");
    }
    String q = blankToNull(ctx.request().getParam("q"));
    if (q != null && q.length() > 100) {
      throw ApiException.invalidField("q", "too_long", "搜索词过长");
    }
    return new CourseFilter(category, stage, subject == null ? null : subject.intValue(), q);
  }

  Tuple tuple() {
    String pattern = q == null ? null
        : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return Tuple.of(category, stageCode, subjectId, pattern);
  }

  private static String blankToNull(String raw) {
    return raw == null || raw.isBlank() ? null : raw.trim();
  }
}
