package org.jijiao.loadtest.sim;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.List;

/**
 * A player: opens a play session, then beats at the server's interval until the trace's
 * watch time is over, the video is complete or the server refuses the session. The
 * position advances with wall-clock time, as a player at normal speed would report, and
 * the interval is never sped up: the server credits time against the wall clock.
 */
final class Heartbeats {

  private static final List<Integer> CREATED = List.of(200, 201);
  private static final List<Integer> OK = List.of(200);
  // A beat refused for overload is followed by the next one; only other refusals end play.
  private static final List<Integer> KEEP_PLAYING = List.of(200, 503);

  private final RunContext run;
  private final Calls calls;
  private final Flows flows;

  Heartbeats(RunContext run, Calls calls, Flows flows) {
    this.run = run;
    this.calls = calls;
    this.flows = flows;
  }

  /**
   * Plays the picked video to its end, then the course's next one, until the watch time is
   * over or the server refuses a session or a beat. After the course's last video it starts
   * the course over: the demo courses have two videos of 60 to 120 s, far shorter than a
   * heartbeat step run, and a watcher who left when the course ran out made the steps lose
   * their watchers. The server resumes a finished video at 0 and a re-watched beat writes
   * the state as a first one does (only its segments credit nothing), so the load is a
   * watcher's. A video ends when the position reaches its duration, as a player's does; the
   * server's completed flag (95 % watched, sticky) would end a re-watched video at once.
   */
  ChainBuilder openAndBeat() {
    return exec(this::startWatching)
        .asLongAs(this::wantsNextVideo)
        .on(
            exec(session -> session.removeAll("sessionId", "resumeAt", "durationSeconds")
                    .set("seq", 1).set("completed", false).set("ended", false))
                .exec(flows.refreshIfDue())
                .doIf(session -> !session.contains("tokenLost"))
                .then(openSession())
                .doIf(session -> !session.contains("sessionId"))
                .then(exec(session -> session.set("refused", true)))
                .doIf(session -> session.contains("sessionId"))
                .then(
                    exec(session -> session.set("openedAt", System.currentTimeMillis())
                            .set("videosPlayed", session.getInt("videosPlayed") + 1))
                        .pause(session -> beatInterval(session, 0))
                        .asLongAs(this::stillWatching)
                        .on(
                            pace(session -> beatInterval(session, session.getInt("seq")))
                                .exec(flows.refreshIfDue())
                                .exec(session -> session.set("position", position(session)))
                                .doIf(session -> !session.contains("tokenLost"))
                                .then(calls.once("Heartbeat", beat(), OK,
                                        jsonPath("$.watchedSeconds").ofInt().optional()
                                            .saveAs("watchedSeconds"),
                                        jsonPath("$.completed").ofBoolean().optional()
                                            .saveAs("completed"))
                                    .exec(this::afterBeat)))
                        .exec(this::afterVideo)))
        .exec(session -> {
          run.watching.decrementAndGet();
          flows.ended(session, true, watchEnding(session));
          return session;
        });
  }

  private ChainBuilder openSession() {
    return calls.withRetry("Play session", http("Play session")
            .post("/api/learn/sessions")
            .header("Authorization", "Bearer #{token}")
            .body(StringBody(session -> Json.of(
                "selectionId", session.get("selectionId"),
                "videoId", session.get("videoId")))), CREATED,
            jsonPath("$.sessionId").ofObject().optional().saveAs("sessionId"),
            jsonPath("$.resumeAt").ofDouble().optional().saveAs("resumeAt"),
            jsonPath("$.heartbeatSeconds").ofInt().optional().saveAs("heartbeatSeconds"),
            jsonPath("$.durationSeconds").ofInt().optional().saveAs("durationSeconds"));
  }

  /** A video played to its end moves the player to the course's next one, or its first. */
  private Session afterVideo(Session session) {
    int beats = session.getInt("seq") - 1;
    boolean refused = beats > 0 && !KEEP_PLAYING.contains(Calls.statusOf(session));
    session = session.set("beatsTotal", session.getInt("beatsTotal") + beats)
        .set("refused", refused);
    if (!session.getBoolean("ended")) {
      return session;
    }
    List<Object> videos = session.getList("videoIds");
    int next = (videos.indexOf(session.get("videoId")) + 1) % videos.size();
    return session.set("videoId", videos.get(next))
        .set("startedOver", session.getBoolean("startedOver") || next == 0);
  }

  private boolean wantsNextVideo(Session session) {
    int played = session.getInt("videosPlayed");
    return !session.getBoolean("refused")
        && !session.contains("tokenLost")
        && (played == 0 || session.getBoolean("ended"))
        && System.currentTimeMillis() < session.getLong("watchUntil");
  }

  private io.gatling.javaapi.http.HttpRequestActionBuilder beat() {
    return http("Heartbeat")
        .post("/api/learn/heartbeats")
        .header("Authorization", "Bearer #{token}")
        .body(StringBody(session -> Json.of(
            "sessionId", session.get("sessionId"),
            "seq", session.getInt("seq"),
            "position", session.getInt("position"),
            "playing", true)));
  }

  private Session startWatching(Session session) {
    run.watching.incrementAndGet();
    long watchMs = run.scaled(Flows.event(session).longParam("watchSeconds", 60) * 1000);
    long now = System.currentTimeMillis();
    return session
        .set("watchUntil", now + watchMs)
        .set("videosPlayed", 0)
        .set("beatsTotal", 0)
        .set("refused", false)
        .set("seq", 1)
        .set("completed", false)
        .set("ended", false)
        .set("startedOver", false);
  }

  private Session afterBeat(Session session) {
    Integer watched = session.getIntegerWrapper("watchedSeconds");
    if (Calls.statusOf(session) == 200 && watched != null) {
      run.acks.acknowledge(session.getString("idNumber"), session.get("videoId").toString(), watched);
    }
    // The video is over once a beat at its end was sent (without a duration: once the
    // server says completed).
    Integer duration = session.getIntegerWrapper("durationSeconds");
    boolean ended = duration == null ? session.getBoolean("completed")
        : session.getInt("position") >= duration;
    return session.set("seq", session.getInt("seq") + 1).set("ended", ended)
        .remove("watchedSeconds");
  }

  private boolean stillWatching(Session session) {
    boolean lastBeatFine = session.getInt("seq") == 1
        || KEEP_PLAYING.contains(Calls.statusOf(session));
    return lastBeatFine
        && !session.contains("tokenLost")
        && !session.getBoolean("ended")
        && System.currentTimeMillis() < session.getLong("watchUntil");
  }

  private static String watchEnding(Session session) {
    if (session.contains("tokenLost")) {
      int status = Calls.statusOf(session);
      return "token refresh refused (" + (status == 0 ? "no answer" : status) + ")";
    }
    int videos = session.getInt("videosPlayed");
    if (videos == 0) {
      return "play session refused";
    }
    if (session.getInt("beatsTotal") == 0) {
      return "watch time over before the first beat";
    }
    String played = videos == 1 ? "1 video"
        : session.getBoolean("startedOver") ? "2+ videos (started the course over)"
        : "2+ videos";
    if (session.getBoolean("refused")) {
      int status = Calls.statusOf(session);
      return "watched " + played + " then refused (" + (status == 0 ? "no answer" : status) + ")";
    }
    return "watched " + played + " until the watch time was over";
  }

  /** Seconds into the video: where it resumed plus the wall time since it opened. */
  private static int position(Session session) {
    Double resumeAt = session.getDoubleWrapper("resumeAt");
    double start = resumeAt == null ? 0 : resumeAt;
    double elapsed = (System.currentTimeMillis() - session.getLong("openedAt")) / 1000.0;
    int position = (int) Math.floor(start + elapsed);
    Integer duration = session.getIntegerWrapper("durationSeconds");
    return duration == null ? position : Math.min(position, duration);
  }

  /**
   * The server's interval moved by a jitter drawn from (seed, teacher, seq): timers of
   * real players drift, and a deterministic draw keeps the replay repeatable.
   */
  private Duration beatInterval(Session session, int seq) {
    Integer serverSeconds = session.getIntegerWrapper("heartbeatSeconds");
    int seconds = serverSeconds == null ? run.defaultHeartbeatSeconds : serverSeconds;
    long mix = run.seed * 31 + session.getString("idNumber").hashCode() * 17L + seq;
    double unit = new java.util.Random(mix).nextDouble() * 2 - 1;
    return Duration.ofMillis(Math.round(seconds * 1000 * (1 + run.jitterShare * unit)));
  }
}
