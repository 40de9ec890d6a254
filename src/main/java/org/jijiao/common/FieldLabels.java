package org.jijiao.common;

import java.util.Map;

/**
 * The Chinese name of an input field, for messages people read ("学时必须是数字"). Programs
 * keep reading the field's own name in the answer's {@code field}; a field without a label
 * here is named as sent, in quotes, which is still precise, only less friendly.
 */
public final class FieldLabels {

  private static final Map<String, String> LABELS = Map.ofEntries(
      Map.entry("idNumber", "身份证号"), Map.entry("password", "密码"),
      Map.entry("oldPassword", "原密码"), Map.entry("newPassword", "新密码"),
      Map.entry("name", "姓名"), Map.entry("phone", "手机号"),
      Map.entry("refreshToken", "刷新令牌"), Map.entry("comment", "审批意见"),
      Map.entry("decision", "审批结果"), Map.entry("reason", "理由"),
      Map.entry("evidence", "证明材料"), Map.entry("year", "年度"),
      Map.entry("hours", "学时"), Map.entry("credits", "学分"),
      Map.entry("category", "类别"), Map.entry("title", "标题"),
      Map.entry("bodyHtml", "正文"), Map.entry("body", "内容"),
      Map.entry("pinned", "置顶"), Map.entry("description", "简介"),
      Map.entry("code", "编号"), Map.entry("stageCode", "学段"),
      Map.entry("stage", "学段"), Map.entry("subjectId", "学科"),
      Map.entry("subject", "学科"), Map.entry("schoolId", "学校"),
      Map.entry("targetSchoolId", "调入学校"), Map.entry("districtId", "县区"),
      Map.entry("orgId", "单位"), Map.entry("ownerOrgId", "所属单位"),
      Map.entry("teacherId", "教师"), Map.entry("accountId", "账号"),
      Map.entry("leadId", "课程负责人"), Map.entry("courseId", "课程"),
      Map.entry("videoId", "视频"), Map.entry("trainingId", "培训项目"),
      Map.entry("projectId", "培训项目"), Map.entry("selectionId", "选课记录"),
      Map.entry("sessionId", "播放会话"), Map.entry("seq", "心跳序号"),
      Map.entry("position", "播放位置"), Map.entry("playing", "播放状态"),
      Map.entry("score", "成绩"), Map.entry("rating", "评分"),
      Map.entry("capacity", "名额"), Map.entry("minutes", "时长（分钟）"),
      Map.entry("venue", "地点"), Map.entry("topic", "主题"),
      Map.entry("homeworkPrompt", "作业要求"), Map.entry("mediaFile", "视频文件"),
      Map.entry("parentId", "所回复的帖子"), Map.entry("needsApproval", "是否需要审批"),
      Map.entry("needsConfirmation", "是否需要确认"), Map.entry("page", "页码"),
      Map.entry("size", "每页条数"), Map.entry("q", "搜索词"));

  private FieldLabels() {
  }

  public static String of(String field) {
    String label = LABELS.get(field);
    return label != null ? label : "“" + field + "”";
  }
}
