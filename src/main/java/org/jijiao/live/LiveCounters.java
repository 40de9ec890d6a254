package org.jijiao.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live enrollment counters in Redis: one hash for the city (fields {@code total},
 * {@code d:<district>}, {@code s:<stage>}, {@code p:<project>}) and one per district
 * ({@code total}, {@code s:}, {@code p:}, {@code sc:<school>}). Every enrollment counts one,
 * a rejection takes it back. PostgreSQL stays the truth: when the built-marker is missing
 * (Redis lost its data, or the marker's day is over) the counters are recomputed from it.
 */
public final class LiveCounters {

  private static final Logger LOG = LoggerFactory.getLogger(LiveCounters.class);

  private static final LuaScript COUNT = LuaScript.fromResource("/lua/live-enroll-count.lua");
  private static final LuaScript REBUILD = LuaScript.fromResource("/lua/live-enroll-rebuild.lua");
  private static final LuaScript READ = LuaScript.fromResource("/lua/live-enroll-read.lua");

  /** Hashes outlive the marker, so a rebuild always comes before they could expire. */
  static final int HASH_TTL_SECONDS = 2 * 86_400;
  static final int MARKER_TTL_SECONDS = 86_400;
  private static final int REBUILD_LOCK_SECONDS = 30;

  private static final String COUNT_FROM_DATABASE = """
      select coalesce(o.district_id, 0) as district_id, e.org_id,
             coalesce(a.stage_code, '') as stage_code, e.project_id, count(*) as n
        from enrollment e
        join org_unit o on o.id = e.org_id
        join account a on a.id = e.teacher_id
       where e.status <> 'REJECTED'
       group by 1, 2, 3, 4""";

  /** What an enrollment contributes to the counters. */
  public record Fact(long projectId, long districtId, long schoolId, String stageCode) {
  }

  /** The counters as read: the city hash and each district's hash, field to count. */
  public record Snapshot(boolean built, Map<String, Long> city,
      Map<Long, Map<String, Long>> districts) {
  }

  private final RedisAPI redis;
  private final RedisKeys keys;
  private final Pool pool;
  private final OrgTree orgs;

  public LiveCounters(RedisAPI redis, RedisKeys keys, Pool pool, OrgTree orgs) {
    this.redis = redis;
    this.keys = keys;
    this.pool = pool;
    this.orgs = orgs;
  }

  public Future<Void> count(Fact fact, int delta) {
    List<String> keyList = List.of(cityKey(), districtKey(fact.districtId()));
    List<String> args = List.of(String.valueOf(delta), String.valueOf(HASH_TTL_SECONDS),
        String.valueOf(fact.districtId()), fact.stageCode() == null ? "" : fact.stageCode(),
        String.valueOf(fact.projectId()), String.valueOf(fact.schoolId()));
    return COUNT.run(redis, keyList, args).mapEmpty();
  }

  public Future<Snapshot> read() {
    List<Long> districts = districtIds();
    List<String> keyList = new ArrayList<>();
    keyList.add(markerKey());
    keyList.add(cityKey());
    districts.forEach(id -> keyList.add(districtKey(id)));
    return READ.run(redis, keyList, List.of()).map(answer -> {
      Map<Long, Map<String, Long>> byDistrict = new HashMap<>();
      for (int i = 0; i < districts.size(); i++) {
        byDistrict.put(districts.get(i), fields(answer.get(i + 2)));
      }
      return new Snapshot(answer.get(0).toInteger() == 1, fields(answer.get(1)), byDistrict);
    });
  }

  /**
   * Recomputes the counters from PostgreSQL when they are not built; one node at a time
   * (a short Redis lock), and a no-op when another node finished first.
   */
  public Future<Boolean> rebuildIfMissing() {
    String lock = keys.of("live", "enr", "rebuilding");
    return redis.exists(List.of(markerKey())).compose(exists -> {
      if (exists.toInteger() == 1) {
        return Future.succeededFuture(false);
      }
      return redis.set(List.of(lock, "1", "NX", "EX", String.valueOf(REBUILD_LOCK_SECONDS)))
          .compose(locked -> locked == null ? Future.succeededFuture(false)
              : rebuild().eventually(() -> redis.del(List.of(lock))));
    });
  }

  private Future<Boolean> rebuild() {
    long started = System.nanoTime();
    return pool.query(COUNT_FROM_DATABASE).execute().compose(rows -> {
      Map<String, JsonObject> data = new HashMap<>();
      JsonObject city = new JsonObject();
      data.put(cityKey(), city);
      rows.forEach(row -> {
        long district = row.getLong("district_id");
        long n = row.getLong("n");
        String stage = row.getString("stage_code");
        String project = String.valueOf(row.getLong("project_id"));
        JsonObject local = data.computeIfAbsent(districtKey(district), k -> new JsonObject());
        add(city, "total", n);
        add(city, "d:" + district, n);
        add(city, "p:" + project, n);
        add(local, "total", n);
        add(local, "p:" + project, n);
        add(local, "sc:" + row.getLong("org_id"), n);
        if (!stage.isEmpty()) {
          add(city, "s:" + stage, n);
          add(local, "s:" + stage, n);
        }
      });
      List<String> keyList = new ArrayList<>();
      keyList.add(markerKey());
      keyList.add(cityKey());
      districtIds().forEach(id -> keyList.add(districtKey(id)));
      data.keySet().stream().filter(k -> !keyList.contains(k)).forEach(keyList::add);
      return REBUILD.run(redis, keyList, List.of(String.valueOf(MARKER_TTL_SECONDS),
          String.valueOf(HASH_TTL_SECONDS), new JsonObject(new HashMap<>(data)).encode()));
    }).map(done -> {
      boolean installed = done.toInteger() == 1;
      LOG.info("event=live_counters_rebuilt installed={} ms={}", installed,
          (System.nanoTime() - started) / 1_000_000);
      return installed;
    });
  }

  private List<Long> districtIds() {
    List<Long> ids = new ArrayList<>(orgs.districts().stream().map(OrgUnit::id).toList());
    ids.add(0L);
    return ids;
  }

  private static void add(JsonObject hash, String field, long n) {
    hash.put(field, hash.getLong(field, 0L) + n);
  }

  private static Map<String, Long> fields(Response flat) {
    Map<String, Long> out = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i).toString(), flat.get(i + 1).toLong());
    }
    return out;
  }

  private String cityKey() {
    return keys.of("live", "enr", "city");
  }

  private String districtKey(long districtId) {
    return keys.of("live", "enr", "district", districtId);
  }

  private String markerKey() {
    return keys.of("live", "enr", "built");
  }
}
