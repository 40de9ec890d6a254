package org.jijiao.schooltraining;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;

/**
 * How many credits school-based training (校本培训) may bring one teacher in one year
 * ({@code schooltraining.maxCreditsPerYear}). Callers grant inside a transaction: the
 * advisory lock serialises grants for one teacher and year, so two sessions credited at
 * the same moment cannot both slip under the cap.
 */
public record SchoolCreditPolicy(BigDecimal maxCreditsPerYear) {

  private static final String LOCK = """
      select pg_advisory_xact_lock(hashtextextended('school-credit:' || $1 || ':' || $2, 0))""";

  private static final String EARNED = """
      select coalesce(sum(credits), 0) from credit_entry
      where teacher_id = $1 and year = $2 and source = 'SCHOOL_BASED'""";

  public static SchoolCreditPolicy of(int maxCreditsPerYear) {
    return new SchoolCreditPolicy(BigDecimal.valueOf(maxCreditsPerYear));
  }

  public static SchoolCreditPolicy from(org.jijiao.config.AppConfig config) {
    return of(config.integer("schooltraining.maxCreditsPerYear", 0, 1000));
  }

  /** What the teacher has already earned from school-based training this year. */
  public Future<BigDecimal> earned(SqlClient client, long teacherId, int year) {
    return client.preparedQuery(EARNED).execute(Tuple.of(teacherId, year))
        .map(rows -> rows.iterator().next().getBigDecimal(0));
  }

  /** The part of {@code wanted} still under the cap (zero when the cap is reached). */
  public Future<BigDecimal> grant(SqlClient tx, long teacherId, int year, BigDecimal wanted) {
    return tx.preparedQuery(LOCK).execute(Tuple.of(String.valueOf(teacherId),
            String.valueOf(year)))
        .compose(v -> earned(tx, teacherId, year))
        .map(earned -> wanted.min(maxCreditsPerYear.subtract(earned)).max(BigDecimal.ZERO));
  }
}
