package org.jijiao.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jijiao.testing.Fixtures;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heartbeat invariants over random sequences (seeded, so a failure names its seed): play at
 * allowed and too-fast rates, pause, seek forward and back, duplicated and out-of-order
 * heartbeats, a second tab, flushes at any moment (besides the node's own flusher running
 * every 200 ms) and orderly node restarts, some followed by the loss of every Redis key.
 */
@Timeout(900)
class HeartbeatPropertyTest {

  private static final int RUNS = 100;
  private static final double MAX_RATE = 1.25;
  private static final double[] PLAYBACK_RATES = {1.0, 1.0, 1.25, 1.5, 2.0};

  private static TestNode node;
  private static MutableClock clock;
  private static Engine engine;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    clock = new MutableClock(Instant.now());
    engine = new Engine(node, clock);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** One player tab: its session and what it last told the server. */
  private static final class Tab {
    String session;
    long video;
    int duration;
    long seq;
    double position;
    JsonObject lastAnswer;
    int watched;
    long lastPosMs;
    long lastAtMs;
    long legitMs;
    long creditedSeconds;
  }

  @Test
  void randomPlayerBehaviourKeepsEveryInvariant() {
    List<Long> teachers = Fixtures.teachers(node, RUNS);
    for (int run = 0; run < RUNS; run++) {
      long seed = 7_000 + run;
      Random rnd = new Random(seed);
      runOnce(seed, rnd, teachers.get(run), run % 8 == 3, run % 8 == 7);
    }
  }

  private void runOnce(long seed, Random rnd, long teacher, boolean restart,
      boolean restartAndLoseRedis) {
    int[] durations = {20 + rnd.nextInt(140), 20 + rnd.nextInt(140)};
    long course = Fixtures.course(node, "PROP-" + seed, 1, 1, durations);
    List<Long> videos = Fixtures.videos(node, course);
    long selection = Fixtures.select(node, teacher, course);
    Map<Long, Integer> durationOf = Map.of(videos.get(0), durations[0], videos.get(1),
        durations[1]);
    Map<Long, JsonObject> lastByVideo = new HashMap<>();
    long startedMs = clock.millis();

    Tab tab = openTab(teacher, selection, videos.get(0), durationOf);
    int steps = 80 + rnd.nextInt(120);
    int restartAt = restart || restartAndLoseRedis ? rnd.nextInt(steps) : -1;
    for (int step = 0; step < steps; step++) {
      String context = "seed " + seed + " step " + step;
      int action = rnd.nextInt(100);
      if (step == restartAt) {
        tab = restart(teacher, selection, tab, durationOf, lastByVideo, restartAndLoseRedis,
            context);
        continue;
      }
      if (action < 50) {
        double rate = PLAYBACK_RATES[rnd.nextInt(PLAYBACK_RATES.length)];
        long ms = 1_000 + rnd.nextInt(19_000);
        clock.advanceMs(ms);
        tab.position = Math.min(tab.duration, tab.position + ms / 1000.0 * rate);
        send(teacher, tab, tab.position, true, context);
      } else if (action < 60) {
        clock.advanceMs(rnd.nextInt(600_000));
        send(teacher, tab, tab.position, false, context);
      } else if (action < 68) {
        clock.advanceMs(1_000);
        tab.position = Math.min(tab.duration, tab.position + 10 + rnd.nextInt(50));
        send(teacher, tab, tab.position, true, context);
      } else if (action < 76) {
        clock.advanceMs(1_000);
        tab.position = Math.max(0, tab.position - 5 - rnd.nextInt(40));
        send(teacher, tab, tab.position, true, context);
      } else if (action < 89 && tab.lastAnswer == null) {
        continue;
      } else if (action < 84) {
        // A replay of the last seq, timed and placed so that, were it applied, it would earn.
        clock.advanceMs(10_000);
        JsonObject again = engine.beat(teacher, tab.session, tab.seq, tab.position + 8, true);
        assertThat(again).as(context + " duplicate").isEqualTo(tab.lastAnswer);
      } else if (action < 89) {
        clock.advanceMs(rnd.nextInt(3_000));
        JsonObject late = engine.beat(teacher, tab.session, Math.max(0, tab.seq - 1),
            tab.position + 5, true);
        assertThat(late.getInteger("watchedSeconds")).as(context + " out of order")
            .isEqualTo(tab.lastAnswer.getInteger("watchedSeconds"));
      } else if (action < 95) {
        Tab old = tab;
        tab = openTab(teacher, selection, videos.get(rnd.nextInt(2)), durationOf);
        clock.advanceMs(1_000);
        assertThat(engine.beat(teacher, old.session, old.seq + 1, old.position + 1, true)
            .getString("error")).as(context + " old tab").isEqualTo("session_superseded");
      } else {
        engine.drain();
      }
      if (tab.lastAnswer != null && !tab.lastAnswer.containsKey("error")) {
        lastByVideo.put(tab.video, tab.lastAnswer);
      }
    }

    engine.drain();
    checkStoredState(seed, teacher, selection, durationOf, lastByVideo, startedMs);
    checkRepeatedFlushChangesNothing(seed, teacher);
  }

  private static Tab openTab(long teacher, long selection, long video,
      Map<Long, Integer> durationOf) {
    JsonObject opened = engine.open(teacher, selection, video);
    Tab tab = new Tab();
    tab.session = opened.getString("sessionId");
    tab.video = video;
    tab.duration = durationOf.get(video);
    tab.position = opened.getDouble("resumeAt");
    tab.watched = opened.getInteger("watchedSeconds");
    tab.lastPosMs = Math.round(tab.position * 1000);
    tab.lastAtMs = clock.millis();
    return tab;
  }

  private static void send(long teacher, Tab tab, double position, boolean playing,
      String context) {
    tab.seq++;
    long posMs = Math.min(Math.round(position * 1000), tab.duration * 1000L);
    long advance = posMs - tab.lastPosMs;
    if (advance > 0 && advance * 1000 <= (clock.millis() - tab.lastAtMs) * (long) (MAX_RATE * 1000)) {
      tab.legitMs += advance;
    }
    tab.lastPosMs = posMs;
    tab.lastAtMs = clock.millis();
    JsonObject answer = engine.beat(teacher, tab.session, tab.seq, position, playing);
    assertThat(answer.containsKey("error")).as(context + " " + answer).isFalse();
    // Only really watched time counts: what this tab earned never exceeds the advances that
    // were within wall-clock time x max rate (jumps, too-fast play, pauses earn nothing).
    tab.creditedSeconds += answer.getInteger("watchedSeconds") - tab.watched;
    tab.watched = answer.getInteger("watchedSeconds");
    assertThat(tab.creditedSeconds * 1000).as(context + " credit within really watched time")
        .isLessThanOrEqualTo(tab.legitMs);
    if (tab.lastAnswer != null) {
      assertThat(answer.getInteger("watchedSeconds")).as(context + " never lowered")
          .isGreaterThanOrEqualTo(tab.lastAnswer.getInteger("watchedSeconds"));
    }
    assertThat(answer.getInteger("watchedSeconds")).isLessThanOrEqualTo(tab.duration);
    tab.lastAnswer = answer;
  }

  /**
   * Orderly restart; the node's flusher drains on stop. With {@code loseRedis} every key of
   * the run's prefix is deleted afterwards, so whatever survives came from PostgreSQL.
   */
  private static Tab restart(long teacher, long selection, Tab tab,
      Map<Long, Integer> durationOf, Map<Long, JsonObject> lastByVideo, boolean loseRedis,
      String context) {
    JsonObject last = lastByVideo.get(tab.video);
    int watchedBefore = last == null ? 0 : last.getInteger("watchedSeconds");
    double positionBefore = tab.position;
    node.restart();
    if (loseRedis) {
      var redis = node.node().platform().redis();
      String prefix = node.settings().redis().keyPrefix();
      var keys = TestNode.await(redis.keys(prefix + "*"));
      List<String> names = new ArrayList<>();
      keys.forEach(k -> names.add(k.toString()));
      if (!names.isEmpty()) {
        TestNode.await(redis.del(names));
      }
    }
    engine = new Engine(node, clock);
    Tab resumed = openTab(teacher, selection, tab.video, durationOf);
    // Redis keeps milliseconds; PostgreSQL keeps whole seconds.
    double expected = loseRedis ? Math.floor(positionBefore)
        : Math.round(positionBefore * 1000) / 1000.0;
    if (expected >= tab.duration) {
      expected = 0;
    }
    assertThat(resumed.position).as(context + " resume position").isEqualTo(expected);
    clock.advanceMs(1_000);
    send(teacher, resumed, resumed.position, false, context);
    assertThat(resumed.lastAnswer.getInteger("watchedSeconds")).as(context + " watched kept")
        .isEqualTo(watchedBefore);
    return resumed;
  }

  private static void checkStoredState(long seed, long teacher, long selection,
      Map<Long, Integer> durationOf, Map<Long, JsonObject> lastByVideo, long startedMs) {
    String context = "seed " + seed;
    List<Object[]> sessions = rows("""
        select video_id, credited_seconds,
               extract(epoch from last_beat_at - opened_at) * 1000
        from play_session where teacher_id = ? and selection_id = ?""", teacher, selection);
    long creditedTotal = 0;
    Map<Long, Long> creditedByVideo = new HashMap<>();
    for (Object[] s : sessions) {
      long credited = ((Number) s[1]).longValue();
      double spanMs = ((Number) s[2]).doubleValue();
      assertThat(credited * 1000.0).as(context + " session credit within wall clock x rate")
          .isLessThanOrEqualTo(spanMs * MAX_RATE);
      creditedTotal += credited;
      creditedByVideo.merge(((Number) s[0]).longValue(), credited, Long::sum);
    }
    assertThat(creditedTotal * 1000.0).as(context + " teacher credit within wall clock x rate")
        .isLessThanOrEqualTo((clock.millis() - startedMs) * MAX_RATE);

    for (var entry : durationOf.entrySet()) {
      long video = entry.getKey();
      List<Object[]> progress = rows("""
          select watched_seconds, segments, position_seconds from video_progress
          where teacher_id = ? and video_id = ?""", teacher, video);
      long watched = progress.isEmpty() ? 0 : ((Number) progress.get(0)[0]).longValue();
      assertThat(watched).as(context + " no segment credited twice")
          .isEqualTo(creditedByVideo.getOrDefault(video, 0L));
      assertThat(watched).isLessThanOrEqualTo(entry.getValue());
      if (!progress.isEmpty()) {
        assertThat(watched).as(context + " watched equals the bitmap")
            .isEqualTo(secondsOf((byte[]) progress.get(0)[1], entry.getValue()));
      }
      JsonObject last = lastByVideo.get(video);
      if (last != null) {
        assertThat(watched).as(context + " stored equals last answer")
            .isEqualTo(last.getInteger("watchedSeconds").longValue());
      }
    }
  }

  private static long secondsOf(byte[] bits, int duration) {
    int segment = 5;
    int segments = (duration + segment - 1) / segment;
    long seconds = 0;
    for (int i = 0; i < segments; i++) {
      if (i / 8 < bits.length && (bits[i / 8] & (0x80 >> (i % 8))) != 0) {
        seconds += i == segments - 1 ? duration - i * segment : segment;
      }
    }
    return seconds;
  }

  /** Marks every state and session of the teacher dirty again and flushes: rows unchanged. */
  private static void checkRepeatedFlushChangesNothing(long seed, long teacher) {
    String progressSql = """
        select video_id, encode(segments, 'hex'), watched_seconds, position_seconds, completed,
               version, updated_at from video_progress where teacher_id = ? order by video_id""";
    String sessionSql = """
        select id, opened_at, last_beat_at, credited_seconds from play_session
        where teacher_id = ? order by id""";
    String selectionSql = """
        select id, video_percent, score, status from selection where teacher_id = ? order by id""";
    List<List<Object>> before = List.of(flat(rows(progressSql, teacher)),
        flat(rows(sessionSql, teacher)), flat(rows(selectionSql, teacher)));

    var batch = TestNode.await(engine.buffer.take(10_000));
    assertThat(batch.states()).isEmpty();
    var redis = engine.platform.redis();
    var keys = engine.platform.keys();
    for (Object[] row : rows("select video_id, version from video_progress where teacher_id = ?",
        teacher)) {
      TestNode.await(redis.zadd(List.of(keys.of("ldirty"), String.valueOf(row[1]),
          teacher + ":" + row[0])));
    }
    for (Object[] row : rows("select id from play_session where teacher_id = ?", teacher)) {
      TestNode.await(redis.zadd(List.of(keys.of("ldirtys"), "0", (String) row[0])));
    }
    engine.drain();
    engine.drain();

    List<List<Object>> after = List.of(flat(rows(progressSql, teacher)),
        flat(rows(sessionSql, teacher)), flat(rows(selectionSql, teacher)));
    assertThat(after).as("seed " + seed + " repeated flush").isEqualTo(before);
  }

  private static List<Object> flat(List<Object[]> rows) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(List.of(r)));
    return out;
  }

  static List<Object[]> rows(String sql, Object... params) {
    try (var c = node.jdbc(); var st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      List<Object[]> out = new ArrayList<>();
      try (var rs = st.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
            if (row[i] instanceof byte[] bytes) {
              row[i] = bytes;
            }
          }
          out.add(row);
        }
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
