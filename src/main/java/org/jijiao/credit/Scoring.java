package org.jijiao.credit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jijiao.common.Beijing;

/**
 * Recomputes course results and awards credits. One statement per call: video percent over
 * the course's videos, the score as the project's weighted sum, PASSED once the score
 * reaches the category's pass score, and the ONLINE_COURSE ledger entry. The entry is
 * exactly-once because of the unique index {@code credit_entry_once_per_selection}
 * ({@code on conflict do nothing}), not because of a read before the write; the score uses
 * the row as locked by the update, so a concurrent grading is never overwritten with a
 * stale homework or quiz score.
 */
public final class Scoring {

  public static final String RESCORE_ADDRESS = "jijiao.learning.rescore";

  private static final String SCORE = """
      round(tp.weight_video * x.pct + tp.weight_homework * coalesce(s.homework_score, 0)
            + tp.weight_quiz * coalesce(s.quiz_score, 0)
            + tp.weight_forum * coalesce(s.forum_score, 0), 2)""";

  private static final String RESCORE = """
      with progress as (
        select s.id, s.project_id, c.category,
               coalesce(sum(case when p.completed then v.duration_seconds
                                 else least(coalesce(p.watched_seconds, 0), v.duration_seconds)
                            end) * 100.0 / nullif(sum(v.duration_seconds), 0), 0) as pct
        from selection s
        join course c on c.id = s.course_id
        left join course_video v on v.course_id = s.course_id
        left join video_progress p on p.teacher_id = s.teacher_id and p.video_id = v.id
        where s.id = any($1::bigint[])
        group by s.id, s.project_id, c.category
      ), updated as (
        update selection s
           set video_percent = round(x.pct, 2),
               score = %1$s,
               status = case when s.status = 'PASSED' or %1$s >= x.pass then 'PASSED'
                             when s.status = 'SELECTED' and x.pct > 0 then 'LEARNING'
                             else s.status end,
               passed_at = case when s.status <> 'PASSED' and %1$s >= x.pass then $2
                                else s.passed_at end
          from (select pr.*, case pr.category when 'PUBLIC' then t.pass_score_public
                                  else t.pass_score_professional end as pass
                from progress pr join training_project t on t.id = pr.project_id) x
          join training_project tp on tp.id = x.project_id
         where s.id = x.id
        returning s.id, s.teacher_id, s.project_id, s.course_id, s.status, s.passed_at, s.score,
                  s.video_percent
      ), awarded as (
        insert into credit_entry (teacher_id, source, project_id, course_id, selection_id, year,
                                  category, credits, hours, note)
        select u.teacher_id, 'ONLINE_COURSE', u.project_id, u.course_id, u.id,
               case when u.passed_at = $2 then $3
                    else extract(year from u.passed_at at time zone 'Asia/Shanghai')::int end,
               c.category, c.credits, c.hours, '在线课程学习合格'
        from updated u join course c on c.id = u.course_id
        where u.status = 'PASSED'
        on conflict do nothing
        returning selection_id
      )
      select u.id, u.score, u.status, u.video_percent, a.selection_id is not null
      from updated u left join awarded a on a.selection_id = u.id""".formatted(SCORE);

  /** One selection's result after a rescore; {@code awarded} when credits entered now. */
  public record Result(long selectionId, double score, String status, double videoPercent,
      boolean awarded) {
  }

  /**
   * Rescores the selections with {@code now} as the award instant; the ledger year is the
   * Beijing-time year of that instant (late on 31 December counts for that year).
   */
  public Future<List<Result>> rescore(SqlClient client, Collection<Long> selectionIds,
      Instant now) {
    if (selectionIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] ids = selectionIds.stream().distinct().sorted().toArray(Long[]::new);
    return client.preparedQuery(RESCORE)
        .execute(Tuple.of(ids, now.atOffset(ZoneOffset.UTC), Beijing.yearOf(now)))
        .map(rows -> {
          List<Result> results = new ArrayList<>(rows.size());
          for (Row r : rows) {
            results.add(new Result(r.getLong(0), r.getBigDecimal(1).doubleValue(),
                r.getString(2), r.getBigDecimal(3).doubleValue(), r.getBoolean(4)));
          }
          return results;
        });
  }
}
