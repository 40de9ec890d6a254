package org.jijiao.loadtest.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * No project holds more enrollments than its capacity, judged both by the counter the
 * server maintains and by the enrollment rows themselves (the counter could be right while
 * the rows are not, or the other way round).
 */
final class CapacityInvariant implements Invariant {

  private static final String COUNTER_OVER = """
      select id as project, enrolled_count, capacity from training_project
      where capacity is not null and enrolled_count > capacity""";

  // Rejected enrollments hold no seat.
  private static final String ROWS_OVER = """
      select p.id as project, count(*) as enrollments, p.capacity from training_project p
      join enrollment e on e.project_id = p.id and e.status <> 'REJECTED'
      where p.capacity is not null
      group by p.id, p.capacity having count(*) > p.capacity""";

  @Override
  public String name() {
    return "no enrollment over capacity";
  }

  @Override
  public CheckResult check(Connection db) throws SQLException {
    Queries.Offenders counter = Queries.offenders(db, COUNTER_OVER);
    Queries.Offenders rows = Queries.offenders(db, ROWS_OVER);
    if (counter.count() + rows.count() == 0) {
      return CheckResult.pass(name(), "every capped project within capacity (counter and rows)");
    }
    List<String> examples = new ArrayList<>(counter.examples());
    examples.addAll(rows.examples());
    return CheckResult.fail(name(), counter.count() + " projects over by counter, "
        + rows.count() + " over by enrollment rows", examples);
  }
}
