package org.jijiao.creditimport;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL of offline credit imports. */
final class CreditImportStore {

  private static final String TEACHERS = """
      select a.id, a.id_number, a.name, a.status, o.path
        from account a
        join org_unit o on o.id = a.org_id
       where a.id_number = any($1::text[])""";

  private static final String IMPORTED = """
      select source_ref, created_at from credit_entry
       where source = 'OFFLINE_IMPORT' and source_ref = any($1::text[])""";

  /** All valid rows at once; a row someone else imported meanwhile is skipped, not doubled. */
  private static final String INSERT_ENTRIES = """
      insert into credit_entry (teacher_id, source, source_ref, year, category, credits, hours,
                                approved_by, note)
      select t.teacher_id, 'OFFLINE_IMPORT', t.ref, t.year, t.category, t.credits::numeric,
             t.hours::numeric, $8, t.note
        from unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[],
                    $7::text[]) as t(teacher_id, ref, year, category, credits, hours, note)
      on conflict (source, source_ref) where source_ref is not null do nothing
      returning source_ref""";

  private static final String INSERT_IMPORT = """
      insert into credit_import (uploader_id, org_id, file_name, file_sha256, dry_run,
                                 total_rows, valid_rows, applied_rows, failed_rows, rows)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      returning id, created_at""";

  private static final String FIND = """
      select i.id, i.uploader_id, i.org_id, o.path, i.file_name, i.dry_run, i.total_rows,
             i.valid_rows, i.applied_rows, i.failed_rows, i.rows, i.created_at
        from credit_import i
        join org_unit o on o.id = i.org_id
       where i.id = $1""";

  record Teacher(long id, String name, String status, String path) {
  }

  record Stored(long id, long uploaderId, String path, JsonObject summary, JsonArray rows) {
  }

  Future<Map<String, Teacher>> teachers(SqlClient client, List<String> idNumbers) {
    return client.preparedQuery(TEACHERS).execute(Tuple.of(idNumbers.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Teacher> found = new HashMap<>();
          for (Row row : rows) {
            found.put(row.getString("id_number"), new Teacher(row.getLong("id"),
                row.getString("name"), row.getString("status"), row.getString("path")));
          }
          return found;
        });
  }

  Future<Map<String, String>> imported(SqlClient client, List<String> refs) {
    return client.preparedQuery(IMPORTED).execute(Tuple.of(refs.toArray(String[]::new)))
        .map(rows -> {
          Map<String, String> found = new HashMap<>();
          rows.forEach(row -> found.put(row.getString("source_ref"),
              row.getOffsetDateTime("created_at").toLocalDate().toString()));
          return found;
        });
  }

  Future<Set<String>> insertEntries(SqlClient client, List<RowCheck.Result> rows,
      long approvedBy) {
    Set<String> inserted = new HashSet<>();
    if (rows.isEmpty()) {
      return Future.succeededFuture(inserted);
    }
    Object[] params = {
        rows.stream().map(r -> r.teacherId).toArray(Long[]::new),
        rows.stream().map(r -> r.sourceRef).toArray(String[]::new),
        rows.stream().map(r -> r.year).toArray(Integer[]::new),
        rows.stream().map(r -> r.category).toArray(String[]::new),
        rows.stream().map(r -> r.credits.toPlainString()).toArray(String[]::new),
        rows.stream().map(r -> r.hours.toPlainString()).toArray(String[]::new),
        rows.stream().map(r -> "线下学习导入：" + r.course).toArray(String[]::new),
        approvedBy};
    return client.preparedQuery(INSERT_ENTRIES).execute(Tuple.from(params)).map(result -> {
      result.forEach(row -> inserted.add(row.getString(0)));
      return inserted;
    });
  }

  Future<JsonObject> insertImport(SqlClient client, long uploaderId, long orgId, String fileName,
      String sha256, boolean dryRun, JsonObject counts, JsonArray rows) {
    return client.preparedQuery(INSERT_IMPORT)
        .execute(Tuple.from(new Object[] {uploaderId, orgId, fileName, sha256, dryRun,
            counts.getInteger("total"), counts.getInteger("valid"), counts.getInteger("applied"),
            counts.getInteger("failed"), rows}))
        .map(result -> {
          Row row = result.iterator().next();
          return new JsonObject().put("id", row.getLong("id"))
              .put("createdAt", row.getOffsetDateTime("created_at").toString());
        });
  }

  Future<Optional<Stored>> find(SqlClient client, long id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      JsonObject summary = new JsonObject()
          .put("importId", row.getLong("id"))
          .put("fileName", row.getString("file_name"))
          .put("dryRun", row.getBoolean("dry_run"))
          .put("total", row.getInteger("total_rows"))
          .put("valid", row.getInteger("valid_rows"))
          .put("applied", row.getInteger("applied_rows"))
          .put("failed", row.getInteger("failed_rows"))
          .put("createdAt", row.getOffsetDateTime("created_at").toString());
      return Optional.of(new Stored(row.getLong("id"), row.getLong("uploader_id"),
          row.getString("path"), summary, (JsonArray) row.getValue("rows")));
    });
  }
}
