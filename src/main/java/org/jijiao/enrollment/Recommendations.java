package org.jijiao.enrollment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jijiao.common.ApiException;
import org.jijiao.course.CatalogueEvents;
import org.jijiao.course.Fields;
import org.jijiao.identity.Principal;

/**
 * The course supermarket of a project for one teacher: the offered public courses plus the
 * offered professional courses of the teacher's stage and subject, less the courses credited
 * to the teacher in an earlier year. The per-(project, stage, subject) list is cached on each
 * node (bounded, expiring) and dropped when an admin changes the offer, the project or a
 * course ({@link CatalogueEvents}); the per-teacher part is read fresh every time.
 */
public final class Recommendations {

  private static final String PROJECT = """
      select p.year, p.required_public, p.required_professional, o.path as owner_path
        from training_project p join org_unit o on o.id = p.owner_org_id
       where p.id = $1""";

  private static final String OFFER = """
      select c.id, c.title, c.category, c.credits, c.hours
        from project_course pc join course c on c.id = pc.course_id
       where pc.project_id = $1
         and (c.category = 'PUBLIC' or (c.stage_code = $2 and c.subject_id = $3))
       order by c.category desc, c.id""";

  /**
   * The teacher's stage and subject, and the courses already credited elsewhere: in an earlier
   * year, or this year through another project (credits for one course count once).
   */
  private static final String TEACHER = """
      select a.stage_code, a.subject_id,
             array(select ce.course_id from credit_entry ce
                    where ce.teacher_id = a.id and ce.course_id is not null
                      and (ce.year < (select year from training_project where id = $2)
                           or ce.project_id is distinct from $2)
                    group by ce.course_id having sum(ce.credits) > 0) as credited
        from account a where a.id = $1""";

  private static final String SELECTED = """
      select s.id, s.course_id, s.status, c.category, c.credits
        from selection s join course c on c.id = s.course_id
       where s.project_id = $1 and s.teacher_id = $2""";

  /** One offered course as the cache holds it. */
  public record Course(long id, String title, String category, BigDecimal credits,
      BigDecimal hours) {
  }

  /** The cached part: the project's rules and its offer for one stage and subject. */
  public record Offer(int year, BigDecimal requiredPublic, BigDecimal requiredProfessional,
      String ownerPath, List<Course> courses) {
  }

  record Key(long projectId, String stageCode, int subjectId) {
  }

  private final Pool pool;
  private final Cache<Key, Offer> cache;
  /** Bumped by every invalidation; a load that raced one is not cached. */
  private final AtomicLong generation = new AtomicLong();

  public Recommendations(Vertx vertx, Pool pool, int maxEntries, Duration ttl) {
    this.pool = pool;
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    vertx.eventBus().<JsonObject>consumer(CatalogueEvents.CHANGED, msg -> invalidate(msg.body()));
  }

  /**
   * The teacher's recommendations with selections and how far each category is; 404 when
   * the project does not exist or is not open to the teacher.
   */
  public Future<JsonObject> forTeacher(Principal teacher, long projectId) {
    Future<RowSet<Row>> me = pool.preparedQuery(TEACHER)
        .execute(Tuple.of(teacher.userId(), projectId));
    Future<RowSet<Row>> selected = pool.preparedQuery(SELECTED)
        .execute(Tuple.of(projectId, teacher.userId()));
    return Future.all(me, selected).compose(done -> {
      if (me.result().size() == 0) {
        return Future.failedFuture(ApiException.notFound("账号不存在"));
      }
      Row row = me.result().iterator().next();
      return offer(projectId, row.getString("stage_code"), row.getInteger("subject_id"))
          .map(found -> answer(teacher, found, row, selected.result()));
    });
  }

  /** Whether the course is among the teacher's recommendations (for selecting it). */
  public Future<Boolean> recommends(Principal teacher, long projectId, long courseId) {
    return forTeacher(teacher, projectId).map(list -> list.getJsonArray("items").stream()
        .anyMatch(item -> ((JsonObject) item).getLong("courseId") == courseId));
  }

  private JsonObject answer(Principal teacher, Optional<Offer> found, Row me,
      RowSet<Row> selectedRows) {
    Offer offer = found.orElseThrow(() -> ApiException.notFound("培训项目不存在"));
    if (!teacher.scopePath().startsWith(offer.ownerPath())) {
      throw ApiException.notFound("培训项目不存在");
    }
    Set<Long> credited = new HashSet<>();
    Long[] creditedIds = me.getArrayOfLongs("credited");
    if (creditedIds != null) {
      credited.addAll(List.of(creditedIds));
    }
    Map<Long, Long> selectionOf = new HashMap<>();
    BigDecimal[] chosen = {BigDecimal.ZERO, BigDecimal.ZERO};
    selectedRows.forEach(s -> {
      selectionOf.put(s.getLong("course_id"), s.getLong("id"));
      int slot = "PUBLIC".equals(s.getString("category")) ? 0 : 1;
      chosen[slot] = chosen[slot].add(s.getBigDecimal("credits"));
    });

    JsonArray items = new JsonArray();
    for (Course course : offer.courses()) {
      if (credited.contains(course.id())) {
        continue;
      }
      items.add(new JsonObject()
          .put("courseId", course.id())
          .put("title", course.title())
          .put("category", course.category())
          .put("credits", Fields.number(course.credits()))
          .put("hours", Fields.number(course.hours()))
          .put("selected", selectionOf.containsKey(course.id()))
          .put("selectionId", selectionOf.get(course.id())));
    }
    return new JsonObject()
        .put("items", items)
        .put("required", perCategory(offer.requiredPublic(), offer.requiredProfessional()))
        .put("selectedCredits", perCategory(chosen[0], chosen[1]))
        .put("missing", perCategory(
            offer.requiredPublic().subtract(chosen[0]).max(BigDecimal.ZERO),
            offer.requiredProfessional().subtract(chosen[1]).max(BigDecimal.ZERO)));
  }

  private Future<Optional<Offer>> offer(long projectId, String stageCode, Integer subjectId) {
    Key key = new Key(projectId, stageCode == null ? "" : stageCode,
        subjectId == null ? 0 : subjectId);
    Offer cached = cache.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached));
    }
    long seen = generation.get();
    return load(key).onSuccess(loaded -> loaded.ifPresent(offer -> {
      if (generation.get() == seen) {
        cache.put(key, offer);
      }
    }));
  }

  private Future<Optional<Offer>> load(Key key) {
    Future<RowSet<Row>> project = pool.preparedQuery(PROJECT).execute(Tuple.of(key.projectId()));
    Future<RowSet<Row>> offered = pool.preparedQuery(OFFER)
        .execute(Tuple.of(key.projectId(), key.stageCode(), key.subjectId()));
    return Future.all(project, offered).map(done -> {
      if (project.result().size() == 0) {
        return Optional.empty();
      }
      Row p = project.result().iterator().next();
      List<Course> courses = new ArrayList<>();
      offered.result().forEach(c -> courses.add(new Course(c.getLong("id"), c.getString("title"),
          c.getString("category"), c.getBigDecimal("credits"), c.getBigDecimal("hours"))));
      return Optional.of(new Offer(p.getInteger("year"), p.getBigDecimal("required_public"),
          p.getBigDecimal("required_professional"), p.getString("owner_path"),
          List.copyOf(courses)));
    });
  }

  private void invalidate(JsonObject change) {
    generation.incrementAndGet();
    Long projectId = change == null ? null : change.getLong("projectId");
    if (projectId == null) {
      cache.invalidateAll();
    } else {
      cache.asMap().keySet().removeIf(key -> key.projectId() == projectId);
    }
  }

  /** Entries held now, for tests and metrics. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private static JsonObject perCategory(BigDecimal publicValue, BigDecimal professional) {
    return new JsonObject().put("PUBLIC", Fields.number(publicValue))
        .put("PROFESSIONAL", Fields.number(professional));
  }
}
