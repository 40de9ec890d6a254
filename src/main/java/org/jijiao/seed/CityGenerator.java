package org.jijiao.seed;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jijiao.common.Beijing;
import org.jijiao.identity.IdNumber;

/**
 * Builds a realistic city from the reference data: the 15 county-level units of Changchun,
 * schools spread unevenly over them (central districts largest), teachers in the national
 * proportions of stage (kindergarten 20 %, primary 40 %, junior 25 %, senior 15 %) with
 * checksum-valid made-up ID numbers, the course catalogue and this year's all-staff project.
 * Deterministic for a given seed, so tests and load-test traces can rely on it.
 */
public final class CityGenerator {

  public record Plan(int teachers, int schools, long seed, Instant now, String demoHash,
      String teacherHash, boolean forcePasswordChange) {
  }

  static final String[][] STAGES = {
      {"KINDERGARTEN", "幼儿园"}, {"PRIMARY", "小学"}, {"JUNIOR", "初中"}, {"SENIOR", "高中"}};
  private static final double[] TEACHER_SHARE = {0.20, 0.40, 0.25, 0.15};
  private static final double[] SCHOOL_SHARE = {0.32, 0.38, 0.18, 0.12};
  private static final String[] SCHOOL_SUFFIX = {"幼儿园", "小学", "中学", "高级中学"};
  /** Relative size of each unit, in the order of changchun-districts.csv. */
  private static final int[] DISTRICT_WEIGHT = {11, 9, 11, 9, 9, 4, 6, 8, 8, 7, 8, 3, 3, 4, 3};

  public static final long CITY_ID = 1;
  static final long FIRST_SCHOOL_ID = 100;
  static final long FIRST_TEACHER_ID = 100;

  private final Plan plan;
  private final Random random;
  private final Set<String> usedIds = new HashSet<>();

  final CopyTable stages = new CopyTable("stage", "code, name, ord");
  final CopyTable subjects = new CopyTable("subject", "id, stage_code, name");
  final CopyTable orgs = new CopyTable("org_unit",
      "id, parent_id, kind, code, name, path, district_id, stage_code");
  final CopyTable accounts = new CopyTable("account", "id, id_number, name, phone, org_id, "
      + "stage_code, subject_id, password_hash, must_change_password, status, birth_date, gender");
  final CopyTable roles = new CopyTable("account_role", "account_id, role, org_id");
  final CopyTable courses = new CopyTable("course", "id, code, title, category, topic, "
      + "stage_code, subject_id, hours, credits, difficulty, lead_id, description, "
      + "homework_prompt, quiz_max_attempts, usage_count");
  final CopyTable videos = new CopyTable("course_video",
      "id, course_id, ord, title, duration_seconds, media_file");
  final CopyTable questions = new CopyTable("quiz_question",
      "course_id, ord, stem, options, answer");
  final CopyTable projects = new CopyTable("training_project", "id, name, kind, year, "
      + "owner_org_id, enroll_opens_at, enroll_closes_at, study_opens_at, study_closes_at, "
      + "capacity, needs_approval, required_public, required_professional");
  final CopyTable phases = new CopyTable("project_phase",
      "project_id, ord, name, stage_code, starts_at, ends_at");
  final CopyTable offers = new CopyTable("project_course", "project_id, course_id");
  final CopyTable credits = new CopyTable("credit_entry", "teacher_id, source, course_id, "
      + "source_ref, year, category, credits, hours, note");

  /** School ids by stage index, and subject ids by stage index. */
  private final List<List<Long>> schoolsByStage = new ArrayList<>();
  private final List<List<Integer>> subjectsByStage = new ArrayList<>();
  private final Map<Long, String> districtCodeOfSchool = new LinkedHashMap<>();
  private final Map<Long, Long> districtOfSchool = new LinkedHashMap<>();

  public CityGenerator(Plan plan) {
    this.plan = plan;
    this.random = new Random(plan.seed());
  }

  public List<CopyTable> generate() {
    reference();
    organisation();
    demoAccounts();
    teachersAndAdmins();
    catalogue();
    trainingProjects();
    return List.of(stages, subjects, orgs, accounts, roles, courses, videos, questions, projects,
        phases, offers, credits);
  }

  private void reference() {
    for (int i = 0; i < STAGES.length; i++) {
      stages.row(STAGES[i][0], STAGES[i][1], i + 1);
      schoolsByStage.add(new ArrayList<>());
      subjectsByStage.add(new ArrayList<>());
    }
    int id = 1;
    for (ReferenceData.StageSubject row : ReferenceData.stageSubjects()) {
      int stage = stageIndexByName(row.stageName());
      subjects.row(id, STAGES[stage][0], row.subject());
      subjectsByStage.get(stage).add(id);
      id++;
    }
  }

  private void organisation() {
    orgs.row(CITY_ID, null, "CITY", "220100", "长春市", "/1/", null, null);
    List<ReferenceData.District> districts = ReferenceData.districts();
    int totalWeight = java.util.Arrays.stream(DISTRICT_WEIGHT).sum();
    long schoolId = FIRST_SCHOOL_ID;
    for (int d = 0; d < districts.size(); d++) {
      ReferenceData.District district = districts.get(d);
      long districtId = d + 2;
      orgs.row(districtId, CITY_ID, "DISTRICT", district.code(), district.name(),
          "/1/" + districtId + "/", districtId, null);

      int schoolCount = Math.max(STAGES.length,
          (int) Math.round(plan.schools() * (double) DISTRICT_WEIGHT[d] / totalWeight));
      int[] perStage = split(schoolCount - STAGES.length, SCHOOL_SHARE);
      for (int stage = 0; stage < STAGES.length; stage++) {
        // Every unit has at least one school of each stage, however small the plan.
        for (int n = 1; n <= perStage[stage] + 1; n++) {
          String name = district.name() + schoolName(stage, n);
          String code = district.code() + String.format("%04d", schoolId);
          orgs.row(schoolId, districtId, "SCHOOL", code,
              name, "/1/" + districtId + "/" + schoolId + "/", districtId, STAGES[stage][0]);
          schoolsByStage.get(stage).add(schoolId);
          districtCodeOfSchool.put(schoolId, district.code());
          districtOfSchool.put(schoolId, districtId);
          schoolId++;
        }
      }
    }
  }

  /** The demo teacher's school: the first primary school of 南关区 (the first unit). */
  long demoSchool() {
    return schoolsByStage.get(1).get(0);
  }

  private void demoAccounts() {
    long school = demoSchool();
    long district = districtOfSchool.get(school);
    int chinese = subjectsByStage.get(1).get(0);
    for (DemoAccounts.Demo demo : DemoAccounts.ALL) {
      IdNumber id = IdNumber.parse(demo.idNumber()).number();
      usedIds.add(id.value());
      long org = switch (demo.level()) {
        case "SCHOOL" -> school;
        case "DISTRICT" -> district;
        default -> CITY_ID;
      };
      boolean teaches = demo.role().equals("TEACHER") || demo.role().equals("SCHOOL_ADMIN");
      String phone = "13900000" + String.format("%03d", demo.id());
      accounts.row(demo.id(), id.value(), demo.name(), phone,
          org, teaches ? "PRIMARY" : null, teaches ? chinese : null, plan.demoHash(), false,
          "ACTIVE", id.birthDate().orElseThrow(), String.valueOf(id.gender()));
      roles.row(demo.id(), demo.role(), org);
      if (demo.role().equals("SCHOOL_ADMIN")) {
        roles.row(demo.id(), "TEACHER", org);
      }
    }
  }

  private void teachersAndAdmins() {
    long nextId = FIRST_TEACHER_ID;
    int[] perStage = split(plan.teachers(), TEACHER_SHARE);
    Set<Long> schoolsWithAdmin = new HashSet<>();
    schoolsWithAdmin.add(demoSchool());
    for (int stage = 0; stage < STAGES.length; stage++) {
      List<Long> schools = schoolsByStage.get(stage);
      double[] weights = new double[schools.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = 0.4 + random.nextDouble() * 1.2;
      }
      int[] perSchool = split(perStage[stage], normalise(weights));
      for (int s = 0; s < schools.size(); s++) {
        long school = schools.get(s);
        for (int t = 0; t < perSchool[s]; t++) {
          long id = nextId++;
          addTeacher(id, school, stage);
          if (schoolsWithAdmin.add(school)) {
            roles.row(id, "SCHOOL_ADMIN", school);
          }
        }
      }
    }
    // One district admin per unit besides the demo one, from the unit's own staff office.
    for (long district = 2; district < 2 + ReferenceData.districts().size(); district++) {
      if (district == districtOfSchool.get(demoSchool())) {
        continue;
      }
      long id = nextId++;
      IdNumber number = newIdNumber(codeOfDistrict(district));
      accounts.row(id, number.value(), Names.next(random), phone(), district, null, null,
          plan.teacherHash(), plan.forcePasswordChange(), "ACTIVE",
          number.birthDate().orElseThrow(), String.valueOf(number.gender()));
      roles.row(id, "DISTRICT_ADMIN", district);
    }
  }

  private void addTeacher(long id, long school, int stage) {
    IdNumber number = newIdNumber(districtCodeOfSchool.get(school));
    List<Integer> subjectIds = subjectsByStage.get(stage);
    // Language and mathematics teachers are the most numerous in every stage.
    int subject = random.nextInt(10) < 5 && subjectIds.size() > 2
        ? subjectIds.get(random.nextInt(2)) : subjectIds.get(random.nextInt(subjectIds.size()));
    accounts.row(id, number.value(), Names.next(random), phone(), school, STAGES[stage][0],
        subject, plan.teacherHash(), plan.forcePasswordChange(), "ACTIVE",
        number.birthDate().orElseThrow(), String.valueOf(number.gender()));
    roles.row(id, "TEACHER", school);
  }

  private void catalogue() {
    long courseId = 100_000;
    long videoId = 100_000;
    long lead = DemoAccounts.byRole("COURSE_LEAD").id();
    List<String> publicTitles = new ArrayList<>(ReferenceData.publicCourses2020());
    List<String> publicTopics = new ArrayList<>();
    publicTitles.forEach(t -> publicTopics.add(t.contains("信息") ? "TECH" : "ETHICS"));
    for (Catalogue.Topic topic : Catalogue.PUBLIC_TOPICS) {
      for (String title : topic.titles()) {
        publicTitles.add(title);
        publicTopics.add(topic.code());
      }
    }
    for (int i = 0; i < publicTitles.size(); i++) {
      int credit = 2 + (i % 3 == 0 ? 1 : 0);
      addCourse(courseId, "GX" + String.format("%03d", i + 1), publicTitles.get(i), "PUBLIC",
          publicTopics.get(i), null, null, credit, lead);
      videoId = addVideos(courseId, videoId);
      courseId++;
    }
    int code = 1;
    for (int stage = 0; stage < STAGES.length; stage++) {
      for (int subjectId : subjectsByStage.get(stage)) {
        String subjectName = subjectName(subjectId);
        for (String topic : Catalogue.PROFESSIONAL_TOPICS) {
          int credit = 2 + random.nextInt(2);
          addCourse(courseId, "ZY" + String.format("%04d", code++),
              STAGES[stage][1] + subjectName + "：" + topic, "PROFESSIONAL", null,
              STAGES[stage][0], subjectId, credit, lead);
          videoId = addVideos(courseId, videoId);
          courseId++;
        }
      }
    }
  }

  private void addCourse(long id, String code, String title, String category, String topic,
      String stage, Integer subject, int credit, long lead) {
    courses.row(id, code, title, category, topic, stage, subject, credit, credit,
        1 + random.nextInt(4), lead, "本课程围绕“" + title + "”展开，结合案例讲解与课后任务。",
        "结合本课程内容与自己的教学实际，撰写一篇不少于 300 字的学习心得。", 3,
        id < 100_060 ? 3 : 2); // usage: projects 999 and 1000 offer all, 1001 the first 60
    String[] letters = {"A", "B", "C", "D"};
    for (int q = 1; q <= 3; q++) {
      String answer = letters[random.nextInt(4)];
      String options = "{\"A\":\"选项一\",\"B\":\"选项二\",\"C\":\"选项三\",\"D\":\"选项四\"}";
      questions.row(id, q, "关于“" + title + "”的第 " + q + " 题：下列说法正确的是", options,
          answer);
    }
  }

  private long addVideos(long courseId, long videoId) {
    for (int ord = 1; ord <= 2; ord++) {
      Catalogue.Clip clip = Catalogue.CLIPS.get((int) ((courseId + ord) % Catalogue.CLIPS.size()));
      videos.row(videoId++, courseId, ord, "第 " + ord + " 讲", clip.seconds(), clip.file());
    }
    return videoId;
  }

  private void trainingProjects() {
    Instant now = plan.now().truncatedTo(ChronoUnit.SECONDS);
    int year = Beijing.yearOf(now);
    Instant opens = now.minus(1, ChronoUnit.DAYS);
    Instant enrollCloses = now.plus(60, ChronoUnit.DAYS);
    Instant studyCloses = now.plus(120, ChronoUnit.DAYS);

    projects.row(1000, year + "年长春市中小学幼儿园教师全员培训", "ALL_STAFF", year, CITY_ID,
        opens, enrollCloses, opens, studyCloses, null, false, 30, 30);
    for (int stage = 0; stage < STAGES.length; stage++) {
      phases.row(1000, stage + 1, "第" + "一二三四".charAt(stage) + "期（" + STAGES[stage][1] + "）",
          STAGES[stage][0], opens, studyCloses);
    }
    projects.row(1001, year + "年骨干教师专项培训（限额）", "SPECIAL", year, CITY_ID,
        opens, enrollCloses, opens, studyCloses, 100, false, 6, 6);

    Instant lastYear = LocalDate.of(year - 1, 3, 1).atStartOfDay(Beijing.ZONE).toInstant();
    projects.row(999, (year - 1) + "年长春市中小学幼儿园教师全员培训", "ALL_STAFF", year - 1,
        CITY_ID, lastYear, lastYear.plus(60, ChronoUnit.DAYS), lastYear,
        lastYear.plus(270, ChronoUnit.DAYS), null, false, 30, 30);

    for (int i = 0; i < courses.count; i++) {
      offers.row(1000, 100_000 + i);
      offers.row(999, 100_000 + i);
      if (i < 60) {
        offers.row(1001, 100_000 + i);
      }
    }
    // Last year the demo teacher completed the first public course: it is not offered again.
    credits.row(DemoAccounts.byRole("TEACHER").id(), "ONLINE_COURSE", 100_000,
        "seed:" + (year - 1) + ":demo", year - 1, "PUBLIC", 3, 3, "上一年度全员培训");
  }

  private IdNumber newIdNumber(String addressCode) {
    while (true) {
      LocalDate birth = LocalDate.of(1963, 1, 1).plusDays(random.nextInt(38 * 365));
      // Three of four teachers are women; the 17th digit is even for women.
      int sequence = random.nextInt(500) * 2 + (random.nextInt(4) == 0 ? 1 : 0);
      String first17 = addressCode + birth.toString().replace("-", "")
          + String.format("%03d", sequence);
      IdNumber number = IdNumber.of(first17);
      if (usedIds.add(number.value())) {
        return number;
      }
    }
  }

  private String phone() {
    return "13" + (1 + random.nextInt(9)) + String.format("%08d", random.nextInt(100_000_000));
  }

  private String codeOfDistrict(long districtId) {
    return ReferenceData.districts().get((int) districtId - 2).code();
  }

  private String subjectName(int subjectId) {
    return ReferenceData.stageSubjects().get(subjectId - 1).subject();
  }

  private static String schoolName(int stage, int n) {
    String[] prefixes = {"第" + n, "实验" + n + "校", "育才" + n + "校", "新区" + n + "校"};
    String prefix = n <= 30 ? "第" + n : prefixes[n % prefixes.length];
    return stage == 0 ? prefix + "幼儿园" : prefix + SCHOOL_SUFFIX[stage];
  }

  private static int stageIndexByName(String name) {
    for (int i = 0; i < STAGES.length; i++) {
      if (STAGES[i][1].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown stage " + name);
  }

  /** Splits a total into whole parts by the given shares, the rounding left to the last. */
  private static int[] split(int total, double[] shares) {
    int[] parts = new int[shares.length];
    int given = 0;
    for (int i = 0; i < shares.length - 1; i++) {
      parts[i] = (int) Math.round(total * shares[i]);
      given += parts[i];
    }
    parts[shares.length - 1] = Math.max(0, total - given);
    return parts;
  }

  private static double[] normalise(double[] weights) {
    double sum = java.util.Arrays.stream(weights).sum();
    double[] out = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      out[i] = weights[i] / sum;
    }
    return out;
  }
}
