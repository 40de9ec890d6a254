package org.jijiao.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jijiao.identity.IdNumber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator at full city scale, checked in memory (the loader test covers the COPY). */
class CityGeneratorTest {

  private static CityGenerator generator;
  private static List<String[]> accounts;
  private static List<String[]> orgs;
  private static List<String[]> roles;

  @BeforeAll
  static void generate() {
    generator = new CityGenerator(new CityGenerator.Plan(100_000, 1500, 7L, Instant.now(),
        "$demo", "$teacher", true));
    generator.generate();
    accounts = rows(generator.accounts);
    orgs = rows(generator.orgs);
    roles = rows(generator.roles);
  }

  @Test
  void theCityHasAll15UnitsAndAboutFifteenHundredSchools() {
    long districts = orgs.stream().filter(r -> r[2].equals("DISTRICT")).count();
    long schools = orgs.stream().filter(r -> r[2].equals("SCHOOL")).count();

    assertThat(districts).isEqualTo(15);
    assertThat(schools).isBetween(1400L, 1600L);
  }

  @Test
  void aboutOneHundredThousandTeachersInTheNationalStageProportions() {
    Map<String, Integer> byStage = new HashMap<>();
    Set<String> teacherIds = new HashSet<>();
    roles.stream().filter(r -> r[1].equals("TEACHER")).forEach(r -> teacherIds.add(r[0]));
    accounts.stream().filter(a -> teacherIds.contains(a[0]))
        .forEach(a -> byStage.merge(a[5], 1, Integer::sum));
    int total = byStage.values().stream().mapToInt(Integer::intValue).sum();

    assertThat(total).isBetween(99_000, 101_000);
    assertThat(share(byStage, "KINDERGARTEN", total)).isBetween(0.18, 0.22);
    assertThat(share(byStage, "PRIMARY", total)).isBetween(0.38, 0.42);
    assertThat(share(byStage, "JUNIOR", total)).isBetween(0.23, 0.27);
    assertThat(share(byStage, "SENIOR", total)).isBetween(0.13, 0.17);
  }

  @Test
  void everyIdNumberIsUniqueAndChecksumValid() {
    Set<String> seen = new HashSet<>();
    for (String[] account : accounts) {
      assertThat(IdNumber.parse(account[1]).ok()).as(account[1]).isTrue();
      assertThat(seen.add(account[1])).as("duplicate " + account[1]).isTrue();
    }
  }

  @Test
  void namesIncludeMinorityAndRareCharactersIntact() {
    assertThat(accounts).anyMatch(a -> a[2].contains("·"));
    assertThat(accounts).anyMatch(a -> a[2].contains("𠇔"));
  }

  @Test
  void centralDistrictsAreLargerThanDevelopmentZones() {
    Map<String, Integer> schoolsByDistrict = new HashMap<>();
    orgs.stream().filter(r -> r[2].equals("SCHOOL"))
        .forEach(r -> schoolsByDistrict.merge(r[6], 1, Integer::sum));

    assertThat(schoolsByDistrict.get("2")).isGreaterThan(schoolsByDistrict.get("16") * 2);
  }

  @Test
  void everyStageSubjectHasAboutADozenProfessionalCourses() {
    Map<String, Integer> perSubject = new HashMap<>();
    rows(generator.courses).stream().filter(c -> c[3].equals("PROFESSIONAL"))
        .forEach(c -> perSubject.merge(c[6], 1, Integer::sum));

    assertThat(perSubject).hasSize(41);
    assertThat(perSubject.values()).allMatch(n -> n == 12);
  }

  private static double share(Map<String, Integer> counts, String stage, int total) {
    return counts.getOrDefault(stage, 0) / (double) total;
  }

  private static List<String[]> rows(CopyTable table) {
    return table.rows.toString().lines().map(line -> line.split("\t", -1)).toList();
  }
}
