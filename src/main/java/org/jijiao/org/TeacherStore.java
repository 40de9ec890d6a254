package org.jijiao.org;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.jijiao.common.Paging;
import org.jijiao.identity.HashingPool;
import org.jijiao.identity.IdNumber;

/** The SQL behind the admin console's teacher lists; ID numbers leave it masked. */
public final class TeacherStore {

  private static final String COUNT_BY_ORG = """
      select a.org_id, o.path, count(*) as n
        from account a join org_unit o on o.id = a.org_id
       where o.path like $1 || '%'
       group by a.org_id, o.path""";

  private static final String SEARCH = """
      select a.id, a.id_number, a.name, a.phone, a.org_id, o.name as org_name, a.stage_code,
             st.name as stage, s.name as subject, a.status, count(*) over () as total
        from account a
        join org_unit o on o.id = a.org_id
        left join stage st on st.code = a.stage_code
        left join subject s on s.id = a.subject_id
       where o.path like $1 || '%'
         and exists (select 1 from account_role r where r.account_id = a.id and r.role = 'TEACHER')
         and ($2::text is null or strpos(a.name, $2) > 0 or a.id_number = upper($2))
       order by a.org_id, a.id
       limit $3 offset $4""";

  private static final String ONE = """
      select a.id, a.id_number, a.name, a.phone, a.org_id, o.name as org_name, a.stage_code,
             st.name as stage, a.subject_id, s.name as subject, a.status, a.must_change_password,
             array(select r.role from account_role r where r.account_id = a.id) as roles
        from account a join org_unit o on o.id = a.org_id
        left join stage st on st.code = a.stage_code
        left join subject s on s.id = a.subject_id
       where a.id = $1""";

  /** Applies only when the resulting subject belongs to the resulting stage. */
  private static final String UPDATE = """
      update account a set name = coalesce($2, a.name), phone = coalesce($3, a.phone),
             stage_code = coalesce($4, a.stage_code), subject_id = coalesce($5, a.subject_id),
             updated_at = now()
       where a.id = $1
         and (coalesce($5, a.subject_id) is null
              or exists (select 1 from subject s where s.id = coalesce($5, a.subject_id)
                           and s.stage_code = coalesce($4, a.stage_code)))""";

  private static final String RESET = """
      update account set password_hash = $2, must_change_password = true, updated_at = now()
       where id = $1""";

  /** What an admin may change about a teacher; absent fields stay as they are. */
  public record Changes(String name, String phone, String stageCode, Integer subjectId) {
    static Changes from(JsonObject body) {
      String name = Bodies.optionalString(body, "name", 30);
      String phone = Bodies.optionalString(body, "phone", 20);
      if (phone != null && !phone.matches("1\\d{10}")) {
        throw ApiException.invalidField("phone", "手机号应为 11 位数字");
      }
      String stage = Bodies.optionalString(body, "stageCode", 20);
      Integer subject = Bodies.optionalInt(body, "subjectId");
      if (name != null && name.isBlank()) {
        throw ApiException.invalidField("name", "姓名不能为空");
      }
      return new Changes(name == null ? null : name.strip(), phone, stage,
          subject == null ? null : subject.intValue());
    }
  }

  private static final String STAGES = """
      select st.code, st.name, sb.id as subject_id, sb.name as subject
        from stage st join subject sb on sb.stage_code = st.code
       order by st.ord, sb.id""";

  private final Pool pool;
  private final HashingPool hashing;
  private final SecureRandom random = new SecureRandom();

  public TeacherStore(Pool pool, HashingPool hashing) {
    this.pool = pool;
    this.hashing = hashing;
  }

  /** The school stages in order, each with its subjects: {@code [{code, name, subjects}]}. */
  public Future<JsonArray> stagesWithSubjects() {
    return pool.query(STAGES).execute().map(rows -> {
      JsonArray stages = new JsonArray();
      JsonObject current = null;
      for (Row row : rows) {
        if (current == null || !current.getString("code").equals(row.getString("code"))) {
          current = new JsonObject().put("code", row.getString("code"))
              .put("name", row.getString("name")).put("subjects", new JsonArray());
          stages.add(current);
        }
        current.getJsonArray("subjects").add(new JsonObject()
            .put("id", row.getInteger("subject_id")).put("name", row.getString("subject")));
      }
      return stages;
    });
  }

  /** Accounts per organisation under a path, summed into each unit's ancestors below it. */
  public Future<Map<Long, Long>> countByOrgPrefix(String path) {
    return pool.preparedQuery(COUNT_BY_ORG).execute(Tuple.of(path)).map(rows -> {
      Map<Long, Long> counts = new HashMap<>();
      for (Row row : rows) {
        String[] ids = row.getString("path").split("/");
        for (String id : ids) {
          if (!id.isEmpty()) {
            counts.merge(Long.parseLong(id), row.getLong("n"), Long::sum);
          }
        }
      }
      return counts;
    });
  }

  public Future<JsonObject> search(String path, String query, Paging paging) {
    String q = query == null || query.isBlank() ? null : query.strip();
    return pool.preparedQuery(SEARCH)
        .execute(Tuple.of(path, q, paging.size(), paging.offset()))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            total = row.getLong("total");
            items.add(summary(row));
          }
          return Paging.answer(items, total);
        });
  }

  public Future<Optional<JsonObject>> find(long id) {
    return pool.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      java.util.List<String> roles = java.util.Arrays.asList(row.getArrayOfStrings("roles"));
      if (!roles.contains("TEACHER")) {
        // The console manages teachers; other accounts are not reachable through it.
        return Optional.empty();
      }
      return Optional.of(summary(row)
          .put("subjectId", row.getInteger("subject_id"))
          .put("roles", new JsonArray(roles))
          .put("mustChangePassword", row.getBoolean("must_change_password")));
    });
  }

  public Future<Void> update(long actorId, long id, long orgId, Changes changes) {
    return pool.withTransaction(tx -> tx.preparedQuery(UPDATE)
        .execute(Tuple.of(id, changes.name(), changes.phone(), changes.stageCode(),
            changes.subjectId()))
        .compose(done -> {
          if (done.rowCount() == 0) {
            throw ApiException.invalidField(changedStageOrSubject(changes), "subject_mismatch",
                "学科不属于所选学段");
          }
          return Audit.record(tx, actorId, "teacher.update", "account", id, orgId,
              new JsonObject().put("fields", changedFields(changes)));
        }))
        .recover(e -> Future.failedFuture(org.jijiao.common.DbErrors.isForeignKeyViolation(e)
            ? ApiException.invalidField(changedStageOrSubject(changes), "学段或学科不存在") : e));
  }

  /** The field to name when the stage and subject do not fit: the one that was sent. */
  private static String changedStageOrSubject(Changes changes) {
    return changes.subjectId() == null && changes.stageCode() != null ? "stageCode" : "subjectId";
  }

  /** Sets a random temporary password the teacher must change at the next login. */
  public Future<String> resetPassword(long actorId, long id, long orgId) {
    String temporary = temporaryPassword();
    return hashing.hash(temporary)
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(RESET)
            .execute(Tuple.of(id, hash))
            .compose(done -> Audit.record(tx, actorId, "teacher.reset_password", "account", id,
                orgId, null))))
        .map(temporary);
  }

  private String temporaryPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder out = new StringBuilder("Jj#");
    for (int i = 0; i < 9; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static JsonArray changedFields(Changes changes) {
    JsonArray fields = new JsonArray();
    if (changes.name() != null) {
      fields.add("name");
    }
    if (changes.phone() != null) {
      fields.add("phone");
    }
    if (changes.stageCode() != null) {
      fields.add("stageCode");
    }
    if (changes.subjectId() != null) {
      fields.add("subjectId");
    }
    return fields;
  }

  /** A teacher as the console shows one: ID number and phone masked. */
  private static JsonObject summary(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("idNumberMasked", new IdNumber(row.getString("id_number")).masked())
        .put("name", row.getString("name"))
        .put("phoneMasked", maskPhone(row.getString("phone")))
        .put("orgId", row.getLong("org_id"))
        .put("orgName", row.getString("org_name"))
        .put("schoolName", row.getString("org_name"))
        .put("stageCode", row.getString("stage_code"))
        .put("stage", row.getString("stage"))
        .put("subject", row.getString("subject"))
        .put("status", row.getString("status"));
  }

  static String maskPhone(String phone) {
    return phone == null || phone.length() < 7 ? phone
        : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
  }
}
