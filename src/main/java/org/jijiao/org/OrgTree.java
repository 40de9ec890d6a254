package org.jijiao.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The organisation tree held in memory on each node: about 1,500 units, read on nearly every
 * admin request, changed a few times a year. Reloaded whole when a change is announced on
 * the event bus ({@link #CHANGED_ADDRESS}).
 */
public final class OrgTree {

  public static final String CHANGED_ADDRESS = "jijiao.org.changed";

  private static final String SELECT_ALL = """
      select id, parent_id, kind, code, name, path, district_id, stage_code from org_unit""";

  private final Pool pool;
  private final AtomicReference<Map<Long, OrgUnit>> units = new AtomicReference<>(Map.of());

  public OrgTree(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> reload() {
    return pool.query(SELECT_ALL).execute().map(rows -> {
      Map<Long, OrgUnit> loaded = new HashMap<>();
      for (Row row : rows) {
        OrgUnit unit = new OrgUnit(row.getLong("id"), row.getLong("parent_id"),
            row.getString("kind"), row.getString("code"), row.getString("name"),
            row.getString("path"), row.getLong("district_id"), row.getString("stage_code"));
        loaded.put(unit.id(), unit);
      }
      units.set(Map.copyOf(loaded));
      return null;
    });
  }

  public Optional<OrgUnit> find(long id) {
    return Optional.ofNullable(units.get().get(id));
  }

  public OrgUnit root() {
    return units.get().values().stream().filter(u -> u.parentId() == null).findFirst()
        .orElseThrow(() -> new IllegalStateException("organisation tree is empty"));
  }

  public List<OrgUnit> children(long parentId) {
    return units.get().values().stream()
        .filter(u -> u.parentId() != null && u.parentId() == parentId)
        .sorted(java.util.Comparator.comparing(OrgUnit::code))
        .toList();
  }

  /** Schools whose name contains the text, in code order. */
  public List<OrgUnit> schoolsNamed(String text) {
    return units.get().values().stream()
        .filter(u -> "SCHOOL".equals(u.kind()) && u.name().contains(text))
        .sorted(java.util.Comparator.comparing(OrgUnit::code))
        .toList();
  }

  public List<OrgUnit> districts() {
    return units.get().values().stream().filter(u -> "DISTRICT".equals(u.kind()))
        .sorted(java.util.Comparator.comparing(OrgUnit::code))
        .toList();
  }

  public int size() {
    return units.get().size();
  }
}
