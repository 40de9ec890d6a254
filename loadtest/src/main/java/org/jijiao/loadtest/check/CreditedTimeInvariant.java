package org.jijiao.loadtest.check;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * No play session is credited more seconds than passed on the wall clock between its
 * opening and its last heartbeat (times the allowed playback rate, plus one segment of
 * rounding). Sessions opened before the run began are left out: a violation left by an
 * older server build must not fail every later run on the same database.
 */
final class CreditedTimeInvariant implements Invariant {

  private static final String OVER_CREDITED = """
      select id as session, teacher_id, video_id, credited_seconds,
             round(extract(epoch from (last_beat_at - opened_at))::numeric, 1) as wall_seconds
      from play_session
      where opened_at >= ?
        and credited_seconds > extract(epoch from (coalesce(last_beat_at, opened_at) - opened_at)) * ? + ?""";

  private final Timestamp since;
  private final double maxPlaybackRate;
  private final int toleranceSeconds;

  CreditedTimeInvariant(Timestamp since, double maxPlaybackRate, int toleranceSeconds) {
    this.since = since;
    this.maxPlaybackRate = maxPlaybackRate;
    this.toleranceSeconds = toleranceSeconds;
  }

  @Override
  public String name() {
    return "credited watch time never above wall-clock time per session";
  }

  @Override
  public CheckResult check(Connection db) throws SQLException {
    if (!Queries.tableExists(db, "play_session")) {
      return CheckResult.notChecked(name(),
          "NOT CHECKED: table play_session(id, teacher_id, video_id, opened_at, last_beat_at, "
              + "credited_seconds) does not exist, so credited time per session is unverifiable");
    }
    Queries.Offenders found = Queries.offenders(db, OVER_CREDITED, since, maxPlaybackRate,
        toleranceSeconds);
    String rule = "credited <= (last_beat_at - opened_at) x " + maxPlaybackRate + " + "
        + toleranceSeconds + " s, sessions opened since " + since;
    return found.count() == 0
        ? CheckResult.pass(name(), rule)
        : CheckResult.fail(name(), found.count() + " sessions break " + rule, found.examples());
  }
}
