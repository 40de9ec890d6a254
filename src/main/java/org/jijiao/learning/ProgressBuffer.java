package org.jijiao.learning;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.jijiao.platform.LuaScript;
import org.jijiao.platform.RedisKeys;

/**
 * The Redis side of learning: play sessions and (teacher, video) watch states, each changed
 * by one Lua script, plus the dirty sets the flusher drains. Key families (all prefixed):
 * {@code lcur:<teacher>} current session, {@code lses:<session>} session hash,
 * {@code lst:<teacher>:<video>} state hash, {@code lbits:<teacher>:<video>} segment bitmap
 * (one bit per segment, SETBIT order), {@code ldirty} and {@code ldirtys} dirty states and
 * sessions scored by version, {@code lver} the version counter.
 */
public final class ProgressBuffer {

  private static final LuaScript OPEN = LuaScript.fromResource("/lua/learning-open.lua");
  private static final LuaScript BEATS = LuaScript.fromResource("/lua/learning-heartbeats.lua");
  private static final LuaScript TAKE = LuaScript.fromResource("/lua/learning-take.lua");
  private static final LuaScript ACK = LuaScript.fromResource("/lua/learning-ack.lua");

  private final RedisAPI redis;
  private final RedisKeys keys;
  private final LearningConfig config;

  private final String currentHead;
  private final String sessionHead;
  private final String stateHead;
  private final String bitsHead;
  private final String versionKey;
  private final String dirtyStatesKey;
  private final String dirtySessionsKey;
  private final String sessionTtlMs;
  private final String stateTtlMs;

  public ProgressBuffer(RedisAPI redis, RedisKeys keys, LearningConfig config) {
    this.redis = redis;
    this.keys = keys;
    this.config = config;
    this.currentHead = keys.of("lcur") + ":";
    this.sessionHead = keys.of("lses") + ":";
    this.stateHead = keys.of("lst") + ":";
    this.bitsHead = keys.of("lbits") + ":";
    this.versionKey = keys.of("lver");
    this.dirtyStatesKey = keys.of("ldirty");
    this.dirtySessionsKey = keys.of("ldirtys");
    this.sessionTtlMs = String.valueOf(config.sessionTtlMs());
    this.stateTtlMs = String.valueOf(config.stateTtlMs());
  }

  /** What PostgreSQL holds for a (teacher, video), loaded when Redis has nothing. */
  public record Stored(long positionMs, int watchedSeconds, boolean completed, long version,
      byte[] bits) {
  }

  public record Opened(long resumeAtMs, int watchedSeconds, int segmentsWatched,
      boolean completed) {
  }

  /**
   * A heartbeat's outcome; {@code status} 0 applied, 1 duplicate, -1 superseded or stale,
   * -2 failed inside the script.
   */
  public record Beat(int status, int watchedSeconds, boolean completed, int durationSeconds) {
  }

  public record SessionSpec(String sessionId, long teacherId, long videoId, long selectionId,
      int durationSeconds, int maxRatePerMille) {
  }

  public Future<Opened> open(SessionSpec spec, long nowMs, Stored stored) {
    int durationMs = spec.durationSeconds() * 1000;
    List<String> keyList = List.of(current(spec.teacherId()), session(spec.sessionId()),
        state(spec.teacherId(), spec.videoId()), bits(spec.teacherId(), spec.videoId()),
        keys.of("lver"), keys.of("ldirtys"));
    List<String> args = new ArrayList<>(List.of(spec.sessionId(),
        String.valueOf(spec.teacherId()), String.valueOf(spec.videoId()),
        String.valueOf(spec.selectionId()), String.valueOf(durationMs),
        String.valueOf(config.segmentsOf(spec.durationSeconds())),
        String.valueOf(config.segmentMs()), String.valueOf(spec.maxRatePerMille()),
        String.valueOf(nowMs), String.valueOf(config.sessionTtlMs()),
        String.valueOf(config.stateTtlMs()),
        String.valueOf(config.segmentsNeeded(spec.durationSeconds()))));
    if (stored == null) {
      args.addAll(List.of("0", "0", "0", "0", "0", "0", ""));
    } else {
      args.addAll(List.of("1", String.valueOf(stored.positionMs()),
          String.valueOf(stored.watchedSeconds()), String.valueOf(bitCount(stored.bits())),
          stored.completed() ? "1" : "0", String.valueOf(stored.version()),
          HexFormat.of().formatHex(stored.bits())));
    }
    args.add(sessionHead);
    return OPEN.run(redis, keyList, args)
        .map(r -> new Opened(r.get(0).toLong(), r.get(1).toInteger(), r.get(2).toInteger(),
            r.get(3).toInteger() == 1));
  }

  /** One heartbeat as the player sent it, for {@link #beats}. */
  public record BeatInput(String sessionId, long teacherId, long videoId, long seq,
      long positionMs, boolean playing) {
  }

  /**
   * Applies heartbeats in order with one script call at {@code nowMs}; one answer per beat,
   * in the same order. A beat the script could not apply answers status -2.
   */
  public Future<List<Beat>> beats(List<BeatInput> beats, long nowMs) {
    List<String> keyList = new ArrayList<>(3 + 4 * beats.size());
    keyList.add(versionKey);
    keyList.add(dirtyStatesKey);
    keyList.add(dirtySessionsKey);
    List<String> args = new ArrayList<>(3 + 6 * beats.size());
    args.add(String.valueOf(nowMs));
    args.add(sessionTtlMs);
    args.add(stateTtlMs);
    for (BeatInput b : beats) {
      keyList.add(current(b.teacherId()));
      keyList.add(session(b.sessionId()));
      keyList.add(state(b.teacherId(), b.videoId()));
      keyList.add(bits(b.teacherId(), b.videoId()));
      args.add(b.sessionId());
      args.add(String.valueOf(b.teacherId()));
      args.add(String.valueOf(b.seq()));
      args.add(String.valueOf(b.positionMs()));
      args.add(b.playing() ? "1" : "0");
      args.add(b.teacherId() + ":" + b.videoId());
    }
    return BEATS.run(redis, keyList, args).map(ProgressBuffer::beatsOf);
  }

  private static List<Beat> beatsOf(Response r) {
    List<Beat> out = new ArrayList<>(r.size() / 4);
    for (int i = 0; i + 3 < r.size(); i += 4) {
      int status = r.get(i).toInteger();
      out.add(status < 0 ? new Beat(status, 0, false, 0)
          : new Beat(status, r.get(i + 1).toInteger(), r.get(i + 2).toInteger() == 1,
              r.get(i + 3).toInteger() / 1000));
    }
    return out;
  }

  /** A dirty (teacher, video) state; {@code expired} when its hash is gone. */
  public record DirtyState(String member, long version, long teacherId, long videoId,
      long selectionId, long positionMs, int watchedSeconds, boolean completed, long atMs,
      byte[] bits, boolean expired) {
  }

  public record DirtySession(String id, long version, long teacherId, long videoId,
      long selectionId, long openedMs, long lastBeatMs, int creditedSeconds, boolean expired) {
  }

  public record Batch(List<DirtyState> states, List<DirtySession> sessions) {
    public boolean isEmpty() {
      return states.isEmpty() && sessions.isEmpty();
    }
  }

  /** Reads up to {@code limit} dirty states and sessions without removing them. */
  public Future<Batch> take(int limit) {
    return TAKE.run(redis, List.of(keys.of("ldirty"), keys.of("ldirtys")),
            List.of(String.valueOf(limit), keys.of("lst") + ":", keys.of("lbits") + ":",
                keys.of("lses") + ":"))
        .map(r -> new Batch(states(r.get(0)), sessions(r.get(1))));
  }

  private static List<DirtyState> states(Response list) {
    List<DirtyState> out = new ArrayList<>(list.size());
    for (Response e : list) {
      String member = e.get(0).toString();
      int colon = member.indexOf(':');
      long teacher = Long.parseLong(member.substring(0, colon));
      long video = Long.parseLong(member.substring(colon + 1));
      long version = (long) Double.parseDouble(e.get(1).toString());
      if (e.get(2) == null) {
        out.add(new DirtyState(member, version, teacher, video, 0, 0, 0, false, 0, null, true));
        continue;
      }
      byte[] bits = e.get(7) == null ? new byte[0] : e.get(7).toBytes();
      out.add(new DirtyState(member, version, teacher, video, e.get(2).toLong(),
          e.get(3).toLong(), e.get(4).toInteger(), "1".equals(e.get(5).toString()),
          e.get(6).toLong(), bits, false));
    }
    return out;
  }

  private static List<DirtySession> sessions(Response list) {
    List<DirtySession> out = new ArrayList<>(list.size());
    for (Response e : list) {
      String id = e.get(0).toString();
      long version = (long) Double.parseDouble(e.get(1).toString());
      if (e.get(2) == null) {
        out.add(new DirtySession(id, version, 0, 0, 0, 0, 0, 0, true));
        continue;
      }
      out.add(new DirtySession(id, version, e.get(2).toLong(), e.get(3).toLong(),
          e.get(4).toLong(), e.get(5).toLong(), e.get(6).toLong(), e.get(7).toInteger(), false));
    }
    return out;
  }

  /** Acknowledges a written batch: entries changed meanwhile stay dirty. */
  public Future<Void> ack(Batch batch) {
    List<String> states = new ArrayList<>();
    batch.states().forEach(s -> {
      states.add(s.member());
      states.add(String.valueOf(s.version()));
    });
    List<String> sessions = new ArrayList<>();
    batch.sessions().forEach(s -> {
      sessions.add(s.id());
      sessions.add(String.valueOf(s.version()));
    });
    Future<?> a = states.isEmpty() ? Future.succeededFuture()
        : ACK.run(redis, List.of(keys.of("ldirty")), states);
    Future<?> b = sessions.isEmpty() ? Future.succeededFuture()
        : ACK.run(redis, List.of(keys.of("ldirtys")), sessions);
    return Future.all(a, b).mapEmpty();
  }

  /** How many entries wait for the flusher (states + sessions). */
  public Future<Long> backlog() {
    return Future.all(redis.zcard(keys.of("ldirty")), redis.zcard(keys.of("ldirtys")))
        .map(all -> all.<Response>resultAt(0).toLong() + all.<Response>resultAt(1).toLong());
  }

  /**
   * When the oldest change still waiting for the flusher was made (epoch ms), or empty when
   * no state waits. The dirty set is ordered by version, so its first member changed first.
   */
  public Future<OptionalLong> oldestPendingAtMs() {
    return redis.zrange(List.of(dirtyStatesKey, "0", "0")).compose(first -> {
      if (first == null || first.size() == 0) {
        return Future.succeededFuture(OptionalLong.empty());
      }
      return redis.hget(stateHead + first.get(0).toString(), "at")
          .map(at -> at == null ? OptionalLong.empty()
              : OptionalLong.of(at.toLong()));
    });
  }

  // Key names are built for every heartbeat, so their fixed heads are built once.
  String current(long teacherId) {
    return currentHead + teacherId;
  }

  String session(String sessionId) {
    return sessionHead + sessionId;
  }

  String state(long teacherId, long videoId) {
    return stateHead + teacherId + ':' + videoId;
  }

  String bits(long teacherId, long videoId) {
    return bitsHead + teacherId + ':' + videoId;
  }

  static int bitCount(byte[] bits) {
    int count = 0;
    for (byte b : bits) {
      count += Integer.bitCount(b & 0xff);
    }
    return count;
  }
}
