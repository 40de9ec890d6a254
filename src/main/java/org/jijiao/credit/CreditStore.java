package org.jijiao.credit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ledger's SQL: a teacher's entries of a year, and lead corrections. */
public final class CreditStore {

  private static final String ENTRIES_OF_YEAR = """
      select e.project_id, p.name, p.kind, e.course_id, c.title, e.category, e.source,
             e.credits, e.hours
      from credit_entry e
      left join training_project p on p.id = e.project_id
      left join course c on c.id = e.course_id
      where e.teacher_id = $1 and e.year = $2
      order by e.id""";

  private static final String SELECTION_FOR_CORRECTION = """
      select s.teacher_id, s.project_id, s.course_id, c.category, c.lead_id, tp.year, a.org_id,
             (select e.year from credit_entry e where e.selection_id = s.id
               and e.source = 'ONLINE_COURSE') as award_year,
             (select coalesce(sum(e.credits), 0) from credit_entry e
               where e.selection_id = s.id) as credits,
             (select coalesce(sum(e.hours), 0) from credit_entry e
               where e.selection_id = s.id) as hours,
             c.credits as course_credits, c.hours as course_hours
      from selection s
      join course c on c.id = s.course_id
      join training_project tp on tp.id = s.project_id
      join account a on a.id = s.teacher_id
      where s.id = $1
      for update of s""";

  private static final String INSERT_CORRECTION = """
      insert into credit_entry (teacher_id, source, project_id, course_id, selection_id,
                                source_ref, year, category, credits, hours, approved_by, note)
      values ($1, 'LEAD_CORRECTION', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      on conflict (source, source_ref) where source_ref is not null do nothing
      returning id, year, credits, hours""";

  private static final String CORRECTION_BY_REF = """
      select id, year, credits, hours from credit_entry
      where source = 'LEAD_CORRECTION' and source_ref = $1""";

  private final Pool pool;

  public CreditStore(Pool pool) {
    this.pool = pool;
  }

  public record Entry(Long projectId, String projectName, String projectKind, Long courseId,
      String courseTitle, String category, String source, BigDecimal credits,
      BigDecimal hours) {
  }

  public Future<List<Entry>> entries(long teacherId, int year) {
    return pool.preparedQuery(ENTRIES_OF_YEAR).execute(Tuple.of(teacherId, year))
        .map(rows -> {
          List<Entry> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Entry(r.getLong(0), r.getString(1), r.getString(2), r.getLong(3),
                r.getString(4), r.getString(5), r.getString(6), r.getBigDecimal(7),
                r.getBigDecimal(8)));
          }
          return out;
        });
  }

  public record Target(long teacherId, long projectId, long courseId, String category,
      Long leadId, int year, long orgId, BigDecimal credits, BigDecimal hours,
      BigDecimal courseCredits, BigDecimal courseHours) {
  }

  /** The selection locked for a correction, with its current ledger totals. */
  public Future<Optional<Target>> lockTarget(SqlConnection tx, long selectionId) {
    return tx.preparedQuery(SELECTION_FOR_CORRECTION).execute(Tuple.of(selectionId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          Integer awardYear = r.getInteger(7);
          return Optional.of(new Target(r.getLong(0), r.getLong(1), r.getLong(2),
              r.getString(3), r.getLong(4), awardYear != null ? awardYear : r.getInteger(5),
              r.getLong(6), r.getBigDecimal(8), r.getBigDecimal(9), r.getBigDecimal(10),
              r.getBigDecimal(11)));
        });
  }

  /** A correction entry; {@code created} false when a retried request found the first. */
  public record Correction(JsonObject json, boolean created) {
  }

  /** Inserts the correction; a retried request (same ref) answers the first entry. */
  public Future<Correction> insertCorrection(SqlConnection tx, Target t, long selectionId,
      String ref, BigDecimal credits, BigDecimal hours, long leadId, String reason) {
    return tx.preparedQuery(INSERT_CORRECTION)
        .execute(Tuple.tuple().addLong(t.teacherId()).addLong(t.projectId())
            .addLong(t.courseId()).addLong(selectionId).addString(ref).addInteger(t.year())
            .addString(t.category()).addValue(credits).addValue(hours).addLong(leadId)
            .addString(reason))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(correction(rows, true))
            : tx.preparedQuery(CORRECTION_BY_REF).execute(Tuple.of(ref))
                .map(found -> correction(found, false)));
  }

  private static Correction correction(io.vertx.sqlclient.RowSet<Row> rows, boolean created) {
    Row r = rows.iterator().next();
    return new Correction(new JsonObject().put("entryId", r.getLong(0))
        .put("year", r.getInteger(1)).put("credits", r.getBigDecimal(2).doubleValue())
        .put("hours", r.getBigDecimal(3).doubleValue()), created);
  }
}
