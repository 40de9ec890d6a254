package org.jijiao.learning;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jijiao.common.ApiException;

/**
 * The rules of a training project the learning path needs on every session: study window
 * and maximum playback rate. Cached per node (bounded, five minutes at most) and dropped
 * when an admin changes a project ({@link #CHANGED_ADDRESS} with {@code {projectId}}).
 */
public final class ProjectRules {

  public static final String CHANGED_ADDRESS = "jijiao.project.changed";

  private static final String SELECT = """
      select study_opens_at, study_closes_at, max_playback_rate
      from training_project where id = $1""";

  public record Rules(long projectId, Instant studyOpensAt, Instant studyClosesAt,
      int maxRatePerMille) {

    public boolean studyOpenAt(Instant now) {
      return !now.isBefore(studyOpensAt) && now.isBefore(studyClosesAt);
    }
  }

  private final Vertx vertx;
  private final AsyncLoadingCache<Long, Rules> cache;

  public ProjectRules(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.cache = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(Duration.ofMinutes(5))
        .buildAsync((id, executor) -> load(pool, id));
    vertx.eventBus().<Object>consumer(CHANGED_ADDRESS, msg -> {
      if (msg.body() instanceof io.vertx.core.json.JsonObject json
          && json.getLong("projectId") != null) {
        cache.synchronous().invalidate(json.getLong("projectId"));
      } else {
        cache.synchronous().invalidateAll();
      }
    });
  }

  /** The project's rules; fails with 404 when the project does not exist. */
  public Future<Rules> of(long projectId) {
    // Back on the caller's context: a miss completes on the database client's thread.
    return Future.fromCompletionStage(cache.get(projectId), vertx.getOrCreateContext());
  }

  private static CompletableFuture<Rules> load(Pool pool, long id) {
    return pool.preparedQuery(SELECT).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("培训项目不存在");
          }
          Row row = rows.iterator().next();
          return new Rules(id, row.getOffsetDateTime(0).toInstant(),
              row.getOffsetDateTime(1).toInstant(),
              row.getBigDecimal(2).movePointRight(3).intValue());
        })
        .toCompletionStage()
        .toCompletableFuture();
  }
}
