package org.jijiao.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * People and places of the generated test city, for the interaction tests: schools inside
 * and outside the demo district, their teachers and admins, logged in on demand.
 */
public final class InteractionFixtures {

  private final TestNode node;
  private final Map<Long, String> tokens = new ConcurrentHashMap<>();

  public InteractionFixtures(TestNode node) {
    this.node = node;
  }

  public long demoSchool() {
    return node.queryLong("select org_id from account where id = 1");
  }

  public long demoDistrict() {
    return districtOf(demoSchool());
  }

  public long districtOf(long school) {
    return node.queryLong("select parent_id from org_unit where id = ?", school);
  }

  /** Another school of the demo district that has its own generated school admin. */
  public long neighbourSchool() {
    return node.queryLong("select o.id from org_unit o join account_role r on r.org_id = o.id "
        + "and r.role = 'SCHOOL_ADMIN' where o.kind = 'SCHOOL' and o.parent_id = ? and o.id <> ? "
        + "order by o.id limit 1", demoDistrict(), demoSchool());
  }

  /** A school of another district, with its own school admin. */
  public long farSchool() {
    return node.queryLong("select o.id from org_unit o join account_role r on r.org_id = o.id "
        + "and r.role = 'SCHOOL_ADMIN' where o.kind = 'SCHOOL' and o.parent_id <> ? "
        + "order by o.id limit 1", demoDistrict());
  }

  public long schoolAdminOf(long school) {
    return node.queryLong("select account_id from account_role where role = 'SCHOOL_ADMIN' "
        + "and org_id = ? order by account_id limit 1", school);
  }

  public long districtAdminOf(long district) {
    return node.queryLong("select account_id from account_role where role = 'DISTRICT_ADMIN' "
        + "and org_id = ? order by account_id limit 1", district);
  }

  /** Plain teachers (no admin role) of a school, in id order. */
  public List<Long> teachersAt(long school, int count) {
    List<Long> ids = new ArrayList<>();
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(
        "select a.id from account a where a.org_id = ? and a.id >= 100 and not exists ("
            + "select 1 from account_role r where r.account_id = a.id and r.role <> 'TEACHER') "
            + "order by a.id limit ?")) {
      statement.setLong(1, school);
      statement.setInt(2, count);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    if (ids.size() < count) {
      throw new IllegalStateException("school " + school + " has only " + ids.size()
          + " teachers");
    }
    return ids;
  }

  /** Plain teachers anywhere in the city, skipping the first {@code skip}. */
  public List<Long> teachers(int skip, int count) {
    List<Long> ids = new ArrayList<>();
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(
        "select a.id from account a where a.id >= 100 and a.stage_code is not null "
            + "and not exists (select 1 from account_role r where r.account_id = a.id "
            + "and r.role <> 'TEACHER') order by a.id offset ? limit ?")) {
      statement.setInt(1, skip);
      statement.setInt(2, count);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  /** An access token for any account (demo accounts and generated ones). */
  public String token(long accountId) {
    return tokens.computeIfAbsent(accountId, id -> {
      String idNumber;
      try (var connection = node.jdbc(); var statement = connection.prepareStatement(
          "select id_number from account where id = ?")) {
        statement.setLong(1, id);
        try (var rows = statement.executeQuery()) {
          rows.next();
          idNumber = rows.getString(1);
        }
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
      String password = id < 100 ? TestNode.DEMO_PASSWORD : TestNode.TEACHER_PASSWORD;
      return node.client().login(idNumber, password);
    });
  }

  public void enroll(long projectId, long teacherId) {
    node.execute("insert into enrollment (project_id, teacher_id, org_id) "
        + "select ?, id, org_id from account where id = ? on conflict do nothing",
        projectId, teacherId);
  }

  /** Waits (up to 5 s) until a query counts at least {@code atLeast}; answers the count. */
  public long eventually(long atLeast, String sql, Object... params) {
    long deadline = System.currentTimeMillis() + 5000;
    long count = node.queryLong(sql, params);
    while (count < atLeast && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      count = node.queryLong(sql, params);
    }
    return count;
  }

  /** A multipart/form-data upload of one file in field "file", built byte by byte. */
  public TestClient.Reply upload(String path, String token, String fileName, String type,
      byte[] content) {
    String boundary = "----jijiao" + System.nanoTime();
    Buffer body = Buffer.buffer()
        .appendString("--" + boundary + "\r\n")
        .appendBytes(("Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName
            + "\"\r\n").getBytes(StandardCharsets.UTF_8))
        .appendString("Content-Type: " + type + "\r\n\r\n")
        .appendBytes(content)
        .appendString("\r\n--" + boundary + "--\r\n");
    return node.client().raw(HttpMethod.POST, path, token,
        "multipart/form-data; boundary=" + boundary, body);
  }
}
