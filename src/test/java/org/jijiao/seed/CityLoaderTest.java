package org.jijiao.seed;

import static org.assertj.core.api.Assertions.assertThat;

import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same loader at test scale, through PostgreSQL: what landed and what it satisfies. */
@Timeout(120)
class CityLoaderTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void loadsTheCityWithEveryRoleAndTheOpenProject() {
    assertThat(node.queryLong("select count(*) from org_unit where kind = 'DISTRICT'"))
        .isEqualTo(15);
    assertThat(node.queryLong("select count(*) from account_role where role = 'TEACHER'"))
        .isBetween(600L, 620L);
    assertThat(node.queryLong("select count(distinct role) from account_role")).isEqualTo(9);
    assertThat(node.queryLong("select count(*) from training_project where id = 1000 "
        + "and now() between enroll_opens_at and enroll_closes_at")).isEqualTo(1);
  }

  @Test
  void namesSurviveTheDatabaseRoundTrip() {
    node.execute("update account set name = '阿依古丽·𠇔' where id = 100");

    try (var c = node.jdbc(); var s = c.createStatement();
        var rows = s.executeQuery("select name, char_length(name) from account where id = 100")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("阿依古丽·𠇔");
      assertThat(rows.getInt(2)).isEqualTo(6);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everySchoolHasASchoolAdminAndEveryDistrictADistrictAdmin() {
    assertThat(node.queryLong("select count(*) from org_unit o where kind = 'SCHOOL' and not "
        + "exists (select 1 from account_role r where r.org_id = o.id and r.role = 'SCHOOL_ADMIN')"
        + " and exists (select 1 from account a where a.org_id = o.id)")).isZero();
    assertThat(node.queryLong("select count(*) from org_unit o where kind = 'DISTRICT' and not "
        + "exists (select 1 from account_role r where r.org_id = o.id "
        + "and r.role = 'DISTRICT_ADMIN')")).isZero();
  }
}
