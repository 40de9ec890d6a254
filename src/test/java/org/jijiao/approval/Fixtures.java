package org.jijiao.approval;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.identity.IdNumber;
import org.jijiao.testing.TestNode;

/** Facts of the generated test city that approval tests need, read from its database. */
final class Fixtures {

  /** Birth year 2003 lies outside the generator's range, so these numbers are always free. */
  private static final AtomicInteger NEXT = new AtomicInteger(1);

  private final TestNode node;

  Fixtures(TestNode node) {
    this.node = node;
  }

  long demoSchool() {
    return node.queryLong("select org_id from account where id = 1");
  }

  long demoDistrict() {
    return node.queryLong("select org_id from account where id = 3");
  }

  long primarySubject() {
    return node.queryLong("select min(id) from subject where stage_code = 'PRIMARY'");
  }

  /** Another school of the demo district, with its own generated admin. */
  long otherSchoolInDistrict() {
    return node.queryLong("select min(o.id) from org_unit o join account_role r "
        + "on r.org_id = o.id and r.role = 'SCHOOL_ADMIN' where o.kind = 'SCHOOL' "
        + "and o.district_id = ? and o.id <> ?", demoDistrict(), demoSchool());
  }

  String adminIdNumberOf(long schoolId) {
    return string("select a.id_number from account a join account_role r on r.account_id = a.id "
        + "and r.role = 'SCHOOL_ADMIN' where r.org_id = ? order by a.id limit 1", schoolId);
  }

  /** A plain teacher (no admin role) of a school. */
  long teacherOf(long schoolId, int nth) {
    return node.queryLong("select a.id from account a where a.org_id = ? and a.status = 'ACTIVE' "
        + "and not exists (select 1 from account_role r where r.account_id = a.id "
        + "and r.role <> 'TEACHER') order by a.id offset ? limit 1", schoolId, nth);
  }

  String idNumberOf(long accountId) {
    return string("select id_number from account where id = ?", accountId);
  }

  static String freshIdNumber() {
    return IdNumber.of("220102200301" + "01" + String.format("%03d", NEXT.getAndIncrement()))
        .value();
  }

  JsonObject registration(String idNumber, String name) {
    return new JsonObject()
        .put("idNumber", idNumber)
        .put("name", name)
        .put("password", "Newbie#2026")
        .put("schoolId", demoSchool())
        .put("stage", "PRIMARY")
        .put("subjectId", primarySubject())
        .put("phone", "13912345678");
  }

  /** Waits for the asynchronous notice store, then counts the notices of one fact. */
  long noticesLike(String dedupePattern) {
    long deadline = System.currentTimeMillis() + 5_000;
    long count = 0;
    while (System.currentTimeMillis() < deadline) {
      count = node.queryLong("select count(*) from message where dedupe_key like ?",
          dedupePattern);
      if (count > 0) {
        break;
      }
      sleep(50);
    }
    sleep(300);
    return node.queryLong("select count(*) from message where dedupe_key like ?", dedupePattern);
  }

  String string(String sql, Object... params) {
    return node.queryString(sql, params);
  }


  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
