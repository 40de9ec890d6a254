package org.jijiao.learning;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jijiao.learning.ProgressBuffer.DirtySession;
import org.jijiao.learning.ProgressBuffer.DirtyState;

/** The learning engine's SQL: session context, media access, and the flusher's writes. */
public final class LearningStore {

  private static final String SESSION_CONTEXT = """
      select s.teacher_id, s.project_id, s.status, v.duration_seconds,
             p.position_seconds, p.watched_seconds, p.completed, p.version, p.segments
      from selection s
      join course_video v on v.id = $2 and v.course_id = s.course_id
      left join video_progress p on p.teacher_id = s.teacher_id and p.video_id = v.id
      where s.id = $1""";

  /**
   * Marks the selection as being learned, and proves it still exists: the row lock orders this
   * against a concurrent drop (which only deletes a SELECTED row), so a session is never opened
   * for a selection that is gone.
   */
  private static final String MARK_LEARNING = """
      update selection set status = case when status = 'SELECTED' then 'LEARNING' else status end
       where id = $1
      returning id""";

  private static final String MEDIA = """
      select v.media_file, c.lead_id,
             exists (select 1 from selection s
                     where s.teacher_id = $2 and s.course_id = v.course_id) as selected
      from course_video v join course c on c.id = v.course_id
      where v.id = $1""";

  private static final String UPSERT_PROGRESS = """
      insert into video_progress (teacher_id, video_id, selection_id, segments, watched_seconds,
                                  position_seconds, completed, version, updated_at)
      select t, v, s, seg, w, p, c, ver, now()
      from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[], $5::int[], $6::int[],
                  $7::bool[], $8::bigint[]) as x(t, v, s, seg, w, p, c, ver)
      -- A state whose selection is gone (dropped in a race, or deleted by an admin) is skipped:
      -- one orphan must never make the whole batch fail and block every teacher's progress.
      where exists (select 1 from selection sel where sel.id = x.s)
      on conflict (teacher_id, video_id) do update
         set selection_id = excluded.selection_id, segments = excluded.segments,
             watched_seconds = excluded.watched_seconds,
             position_seconds = excluded.position_seconds, completed = excluded.completed,
             version = excluded.version, updated_at = excluded.updated_at
       where video_progress.version < excluded.version""";

  private static final String UPSERT_SESSIONS = """
      insert into play_session (id, teacher_id, video_id, selection_id, opened_at,
                                last_beat_at, credited_seconds)
      select * from unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[],
                           $5::timestamptz[], $6::timestamptz[], $7::int[]) as x(i, t, v, s, o, l, c)
      where exists (select 1 from selection sel where sel.id = x.s)
      on conflict (id) do update
         set last_beat_at = greatest(play_session.last_beat_at, excluded.last_beat_at),
             credited_seconds = greatest(play_session.credited_seconds,
                                         excluded.credited_seconds)""";

  private final Pool pool;

  public LearningStore(Pool pool) {
    this.pool = pool;
  }

  public record SessionContext(long teacherId, long projectId, String status,
      int durationSeconds, ProgressBuffer.Stored stored) {
  }

  /** The selection seen through one of its course's videos; empty if no such pair. */
  public Future<Optional<SessionContext>> sessionContext(long selectionId, long videoId) {
    return pool.preparedQuery(SESSION_CONTEXT).execute(Tuple.of(selectionId, videoId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          ProgressBuffer.Stored stored = r.getValue(7) == null ? null
              : new ProgressBuffer.Stored(r.getInteger(4) * 1000L, r.getInteger(5),
                  r.getBoolean(6), r.getLong(7), r.getBuffer(8).getBytes());
          return Optional.of(new SessionContext(r.getLong(0), r.getLong(1), r.getString(2),
              r.getInteger(3), stored));
        });
  }

  /** Fails with 404 when the selection was dropped meanwhile. */
  public Future<Void> markLearning(long selectionId) {
    return pool.preparedQuery(MARK_LEARNING).execute(Tuple.of(selectionId))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : Future.failedFuture(org.jijiao.common.ApiException.notFound("选课记录不存在")));
  }

  public record Media(String file, Long leadId, boolean selectedByCaller) {
  }

  public Future<Optional<Media>> media(long videoId, long callerId) {
    return pool.preparedQuery(MEDIA).execute(Tuple.of(videoId, callerId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row r = rows.iterator().next();
          return Optional.of(new Media(r.getString(0), r.getLong(1), r.getBoolean(2)));
        });
  }

  /**
   * Writes the absolute states of a batch (one statement); a state older than what is stored
   * is skipped by the version guard, so a repeated or late write changes nothing. Rows go in
   * key order so two writers can never deadlock on each other.
   */
  public Future<Integer> writeStates(SqlClient client, List<DirtyState> states) {
    List<DirtyState> sorted = states.stream()
        .sorted(Comparator.comparingLong(DirtyState::teacherId)
            .thenComparingLong(DirtyState::videoId))
        .toList();
    int n = sorted.size();
    Long[] teachers = new Long[n];
    Long[] videos = new Long[n];
    Long[] selections = new Long[n];
    Buffer[] segments = new Buffer[n];
    Integer[] watched = new Integer[n];
    Integer[] positions = new Integer[n];
    Boolean[] completed = new Boolean[n];
    Long[] versions = new Long[n];
    for (int i = 0; i < n; i++) {
      DirtyState s = sorted.get(i);
      teachers[i] = s.teacherId();
      videos[i] = s.videoId();
      selections[i] = s.selectionId();
      segments[i] = Buffer.buffer(s.bits());
      watched[i] = s.watchedSeconds();
      positions[i] = (int) (s.positionMs() / 1000);
      completed[i] = s.completed();
      versions[i] = s.version();
    }
    return client.preparedQuery(UPSERT_PROGRESS)
        .execute(Tuple.of(teachers, videos, selections, segments, watched, positions, completed,
            versions))
        .map(rows -> rows.rowCount());
  }

  public Future<Integer> writeSessions(SqlClient client, List<DirtySession> sessions) {
    List<DirtySession> sorted = sessions.stream()
        .sorted(Comparator.comparing(DirtySession::id))
        .toList();
    int n = sorted.size();
    String[] ids = new String[n];
    Long[] teachers = new Long[n];
    Long[] videos = new Long[n];
    Long[] selections = new Long[n];
    OffsetDateTime[] opened = new OffsetDateTime[n];
    OffsetDateTime[] beat = new OffsetDateTime[n];
    Integer[] credited = new Integer[n];
    for (int i = 0; i < n; i++) {
      DirtySession s = sorted.get(i);
      ids[i] = s.id();
      teachers[i] = s.teacherId();
      videos[i] = s.videoId();
      selections[i] = s.selectionId();
      opened[i] = at(s.openedMs());
      beat[i] = at(Math.max(s.openedMs(), s.lastBeatMs()));
      credited[i] = s.creditedSeconds();
    }
    return client.preparedQuery(UPSERT_SESSIONS)
        .execute(Tuple.of(ids, teachers, videos, selections, opened, beat, credited))
        .map(rows -> rows.rowCount());
  }

  private static OffsetDateTime at(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC);
  }
}
