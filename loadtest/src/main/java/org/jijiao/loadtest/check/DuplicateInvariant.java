package org.jijiao.loadtest.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * No natural key appears twice. The schema's unique constraints should make this
 * impossible; the check is there so that a migration that drops one is caught by the load
 * test, which is exactly when duplicates would appear.
 */
final class DuplicateInvariant implements Invariant {

  private static final Map<String, String> BY_KEY = Map.of(
      "enrollment (project, teacher)", """
          select project_id, teacher_id, count(*) as copies from enrollment
          group by project_id, teacher_id having count(*) > 1""",
      "selection (project, teacher, course)", """
          select project_id, teacher_id, course_id, count(*) as copies from selection
          group by project_id, teacher_id, course_id having count(*) > 1""",
      "online credit (selection)", """
          select selection_id, count(*) as copies from credit_entry
          where source = 'ONLINE_COURSE' and selection_id is not null
          group by selection_id having count(*) > 1""",
      "credit (source, source_ref)", """
          select source, source_ref, count(*) as copies from credit_entry
          where source_ref is not null
          group by source, source_ref having count(*) > 1""");

  @Override
  public String name() {
    return "no duplicate enrollment, selection or credit";
  }

  @Override
  public CheckResult check(Connection db) throws SQLException {
    List<String> examples = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> key : BY_KEY.entrySet()) {
      Queries.Offenders found = Queries.offenders(db, key.getValue());
      total += found.count();
      found.examples().forEach(example -> examples.add(key.getKey() + ": " + example));
    }
    return total == 0
        ? CheckResult.pass(name(), "checked " + String.join("; ", BY_KEY.keySet()))
        : CheckResult.fail(name(), total + " duplicated keys", examples);
  }
}
