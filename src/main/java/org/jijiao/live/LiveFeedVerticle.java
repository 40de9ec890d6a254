package org.jijiao.live;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;
import org.jijiao.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: reads the live enrollment counters from Redis once a second (whatever the
 * number of viewers), turns them into the feed's board (names, per district views) and
 * publishes it on this node's event bus when it changed. With several nodes each reads the
 * shared counters, so every viewer sees every node's enrollments. Rebuilds the counters
 * from PostgreSQL at start-up and whenever Redis lost them.
 */
public final class LiveFeedVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeedVerticle.class);

  /** The board, published node-locally at most once a second when it changed. */
  public static final String BOARD_ADDRESS = "jijiao.live.enrollments.board";
  /** Request-reply: the latest board, for a viewer that connects before the first tick. */
  public static final String LATEST_ADDRESS = "jijiao.live.enrollments.latest";

  private static final long TICK_MS = 1000;
  private static final long NAMES_REFRESH_MS = 30_000;

  private final LiveCounters counters;
  private final Pool pool;
  private final OrgTree orgs;
  private final Map<String, String> stageNames = new LinkedHashMap<>();
  private final Map<Long, String> projectNames = new ConcurrentHashMap<>();
  private long namesLoadedAt;
  private boolean polling;
  private JsonObject latest;
  private JsonObject latestCounts;

  public LiveFeedVerticle(Platform platform) {
    this.counters = new LiveCounters(platform.redis(), platform.keys(), platform.pool(),
        platform.orgs());
    this.pool = platform.pool();
    this.orgs = platform.orgs();
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<Object>localConsumer(LATEST_ADDRESS, msg -> msg.reply(latest));
    return loadNames()
        .compose(v -> counters.rebuildIfMissing())
        .recover(failure -> {
          // The feed is a dashboard: a node must start even when Redis is down for a moment.
          LOG.warn("event=live_counters_unavailable cause={}", failure.toString());
          return Future.succeededFuture(false);
        })
        .compose(v -> tick())
        .onSuccess(v -> vertx.setPeriodic(TICK_MS, id -> tick()));
  }

  private Future<Void> tick() {
    if (polling) {
      return Future.succeededFuture();
    }
    polling = true;
    return counters.read()
        .compose(snapshot -> snapshot.built() ? Future.succeededFuture(snapshot)
            : counters.rebuildIfMissing().compose(v -> counters.read()))
        .compose(snapshot -> refreshNamesIfNeeded(snapshot).map(snapshot))
        .onSuccess(this::publishIfChanged)
        .onFailure(e -> LOG.warn("event=live_feed_read_failed cause={}", e.toString()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture())
        .eventually(() -> {
          polling = false;
          return Future.succeededFuture();
        });
  }

  private void publishIfChanged(LiveCounters.Snapshot snapshot) {
    JsonObject counts = board(snapshot);
    if (counts.equals(latestCounts)) {
      return;
    }
    latestCounts = counts;
    latest = counts.copy().put("at", Instant.now().toString());
    vertx.eventBus().publish(BOARD_ADDRESS, latest, new DeliveryOptions().setLocalOnly(true));
  }

  /** {@code {city: view, districts: {id: view}}}, each view in the feed's shape. */
  private JsonObject board(LiveCounters.Snapshot snapshot) {
    Map<String, Long> city = snapshot.city();
    JsonArray byDistrict = new JsonArray();
    JsonObject districts = new JsonObject();
    for (OrgUnit district : orgs.districts()) {
      long count = city.getOrDefault("d:" + district.id(), 0L);
      byDistrict.add(new JsonObject().put("id", district.id()).put("name", district.name())
          .put("count", count));
      Map<String, Long> local = snapshot.districts().getOrDefault(district.id(), Map.of());
      districts.put(String.valueOf(district.id()), new JsonObject()
          .put("total", local.getOrDefault("total", 0L))
          .put("byDistrict", new JsonArray().add(new JsonObject().put("id", district.id())
              .put("name", district.name()).put("count", local.getOrDefault("total", 0L))))
          .put("byStage", byStage(local))
          .put("byProject", byProject(local))
          .put("bySchool", bySchool(local)));
    }
    JsonObject cityView = new JsonObject()
        .put("total", city.getOrDefault("total", 0L))
        .put("byDistrict", byDistrict)
        .put("byStage", byStage(city))
        .put("byProject", byProject(city));
    return new JsonObject().put("city", cityView).put("districts", districts);
  }

  private JsonArray byStage(Map<String, Long> hash) {
    JsonArray out = new JsonArray();
    stageNames.forEach((code, name) -> out.add(new JsonObject().put("code", code)
        .put("name", name).put("count", hash.getOrDefault("s:" + code, 0L))));
    return out;
  }

  private JsonArray byProject(Map<String, Long> hash) {
    JsonArray out = new JsonArray();
    hash.entrySet().stream()
        .filter(e -> e.getKey().startsWith("p:") && e.getValue() > 0)
        .sorted(Comparator.comparing(e -> Long.parseLong(e.getKey().substring(2))))
        .forEach(e -> {
          long id = Long.parseLong(e.getKey().substring(2));
          out.add(new JsonObject().put("id", id)
              .put("name", projectNames.getOrDefault(id, "#" + id)).put("count", e.getValue()));
        });
    return out;
  }

  private JsonArray bySchool(Map<String, Long> hash) {
    JsonArray out = new JsonArray();
    hash.entrySet().stream()
        .filter(e -> e.getKey().startsWith("sc:") && e.getValue() > 0)
        .sorted(Comparator.comparing(e -> Long.parseLong(e.getKey().substring(3))))
        .forEach(e -> {
          long id = Long.parseLong(e.getKey().substring(3));
          out.add(new JsonObject().put("id", id)
              .put("name", orgs.find(id).map(OrgUnit::name).orElse("#" + id))
              .put("count", e.getValue()));
        });
    return out;
  }

  /** Project names change rarely: reload every half minute, or at once for a new project. */
  private Future<Void> refreshNamesIfNeeded(LiveCounters.Snapshot snapshot) {
    boolean unknown = snapshot.city().keySet().stream()
        .anyMatch(k -> k.startsWith("p:") && !projectNames.containsKey(
            Long.parseLong(k.substring(2))));
    boolean stale = System.currentTimeMillis() - namesLoadedAt > NAMES_REFRESH_MS;
    return unknown || stale ? loadNames() : Future.succeededFuture();
  }

  private Future<Void> loadNames() {
    namesLoadedAt = System.currentTimeMillis();
    Future<Void> stages = pool.query("select code, name from stage order by ord").execute()
        .map(rows -> {
          stageNames.clear();
          rows.forEach(row -> stageNames.put(row.getString("code"), row.getString("name")));
          return null;
        });
    Future<Void> projects = pool.query("select id, name from training_project").execute()
        .map(rows -> {
          rows.forEach(row -> projectNames.put(row.getLong("id"), row.getString("name")));
          return null;
        });
    return Future.all(stages, projects).mapEmpty();
  }
}
