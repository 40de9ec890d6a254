package org.jijiao.seed;

import java.util.List;

/** Titles for the generated course catalogue around the real 2020 electives. */
final class Catalogue {

  record Topic(String code, String name, List<String> titles) {
  }

  static final List<Topic> PUBLIC_TOPICS = List.of(
      new Topic("LAW", "法律法规", List.of("教师法与教育法律法规解读", "未成年人保护法专题",
          "依法治校与教师权益保护", "校园安全相关法律责任", "家庭教育促进法解读",
          "教育惩戒规则的理解与运用", "学生伤害事故的预防与处理", "义务教育法实施要点")),
      new Topic("POLICY", "理论政策", List.of("新时代教育评价改革总体方案解读", "“双减”政策与课后服务",
          "义务教育课程方案（2022年版）解读", "教育强国建设规划纲要学习", "五育并举与学生全面发展",
          "乡村教育振兴政策解读", "中小学心理健康教育政策要点", "劳动教育指导纲要解读")),
      new Topic("ETHICS", "职业道德", List.of("新时代中小学教师职业行为十项准则", "师德师风建设案例研析",
          "教师的职业幸福感", "做学生锤炼品格的引路人", "家校沟通中的师德修养",
          "教育家精神的时代内涵")),
      new Topic("TECH", "信息技术", List.of("人工智能赋能课堂教学", "智慧教育平台应用实务",
          "微课设计与制作", "数据驱动的精准教学", "网络安全与个人信息保护", "数字化学习资源的选用")));

  static final List<String> PROFESSIONAL_TOPICS = List.of("课程标准解读", "教学设计与实施",
      "课堂提问艺术", "作业设计与评价", "大单元教学实践", "跨学科主题学习", "信息技术与学科融合",
      "学业质量评价", "教材分析与使用", "核心素养导向的教学", "差异化教学策略", "教学反思与专业成长");

  /** The demo clips generated at set-up (see scripts/make-media.sh) and their lengths. */
  record Clip(String file, int seconds) {
  }

  static final List<Clip> CLIPS = List.of(new Clip("clip-60.mp4", 60),
      new Clip("clip-90.mp4", 90), new Clip("clip-120.mp4", 120));

  private Catalogue() {
  }
}
