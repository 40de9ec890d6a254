package org.jijiao.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The SQL of the identity capability. */
public final class AccountStore {

  private static final String BY_ID_NUMBER = """
      select a.id, a.id_number, a.name, a.password_hash, a.must_change_password, a.status,
             a.org_id, array_agg(r.role) filter (where r.role is not null) as roles
        from account a left join account_role r on r.account_id = a.id
       where a.id_number = $1
       group by a.id""";

  private static final String BY_ID = """
      select a.id, a.id_number, a.name, a.password_hash, a.must_change_password, a.status,
             a.org_id, array_agg(r.role) filter (where r.role is not null) as roles
        from account a left join account_role r on r.account_id = a.id
       where a.id = $1
       group by a.id""";

  private static final String PROFILE = """
      select a.id, a.id_number, a.name, a.must_change_password, a.stage_code, st.name as stage,
             sb.name as subject, a.subject_id, o.id as org_id, o.name as org_name,
             o.kind as org_kind,
             d.id as district_id, d.name as district_name
        from account a
        join org_unit o on o.id = a.org_id
        left join org_unit d on d.id = o.district_id
        left join stage st on st.code = a.stage_code
        left join subject sb on sb.id = a.subject_id
       where a.id = $1""";

  private static final String UPDATE_PASSWORD = """
      update account set password_hash = $2, must_change_password = false, updated_at = now()
       where id = $1""";

  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Account>> findByIdNumber(String idNumber) {
    return pool.preparedQuery(BY_ID_NUMBER).execute(Tuple.of(idNumber))
        .map(AccountStore::firstAccount);
  }

  public Future<Optional<Account>> findById(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(AccountStore::firstAccount);
  }

  public Future<Void> updatePassword(long id, String hash) {
    return pool.preparedQuery(UPDATE_PASSWORD).execute(Tuple.of(id, hash)).mapEmpty();
  }

  /** The profile of API.md's {@code GET /api/me}, with the ID number masked. */
  public Future<Optional<JsonObject>> profile(long id, Set<Role> roles) {
    return pool.preparedQuery(PROFILE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      boolean school = "SCHOOL".equals(row.getString("org_kind"));
      JsonObject org = new JsonObject()
          .put("id", row.getLong("org_id"))
          .put("name", row.getString("org_name"))
          .put("kind", row.getString("org_kind"))
          .put("schoolId", school ? row.getLong("org_id") : null)
          .put("schoolName", school ? row.getString("org_name") : null)
          .put("districtId", row.getLong("district_id"))
          .put("districtName", row.getString("district_name"));
      return Optional.of(new JsonObject()
          .put("id", row.getLong("id"))
          .put("name", row.getString("name"))
          .put("idNumberMasked", new IdNumber(row.getString("id_number")).masked())
          .put("roles", roles.stream().map(Enum::name).sorted().toList())
          .put("org", org)
          .put("stageCode", row.getString("stage_code"))
          .put("stage", row.getString("stage"))
          .put("subjectId", row.getInteger("subject_id"))
          .put("subject", row.getString("subject"))
          .put("mustChangePassword", row.getBoolean("must_change_password")));
    });
  }

  private static Optional<Account> firstAccount(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toAccount(rows.iterator().next()));
  }

  private static Account toAccount(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    String[] names = row.getArrayOfStrings("roles");
    if (names != null) {
      for (String name : names) {
        roles.add(Role.valueOf(name));
      }
    }
    return new Account(row.getLong("id"), row.getString("id_number"), row.getString("name"),
        row.getString("password_hash"), row.getBoolean("must_change_password"),
        row.getString("status"), row.getLong("org_id"), roles);
  }
}
