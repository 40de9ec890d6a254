package org.jijiao.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jijiao.testing.Fixtures;
import org.jijiao.testing.TestNode;

/**
 * Heartbeats per second (p50/p99) beside the bare POST route, measured by wrk in the same
 * run on the same machine, then the flusher's capacity (rows/s draining a backlog) and its
 * lag under the heartbeat load. Not a test: run with
 * {@code mvn -q -o test-compile exec:java -Dexec.mainClass=org.jijiao.bench.HeartbeatBench
 * -Dexec.classpathScope=test} (needs wrk, PostgreSQL and Redis).
 */
public final class HeartbeatBench {

  private static final int SESSIONS = Integer.getInteger("bench.sessions", 2000);
  private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final String CONNECTIONS = System.getProperty("bench.connections", "64");
  private static final int BACKLOG_VIDEOS = 20;

  record Run(double rps, String p50, String p99, long errors) {
  }

  public static void main(String[] args) throws Exception {
    // -Dbench.instances and -Dbench.flushMs set the node as `./jijiao up` runs it (4 and
    // 2000) to compare with the load test; the defaults are the bench's historical ones.
    TestNode node = TestNode.start(Map.of("seed.teachers", String.valueOf(SESSIONS + 500),
        "http.instances", System.getProperty("bench.instances", "2"),
        "learning.flushIntervalMs", System.getProperty("bench.flushMs", "250"),
        "learning.sessionIdleSeconds", "3600"));
    try {
      Path dir = Files.createDirectories(Path.of("target/bench"));
      Path script = dir.resolve("heartbeat.lua");
      long course = prepare(node, script);
      String url = "http://127.0.0.1:" + node.node().port();
      Files.writeString(dir.resolve("bare.lua"), """
          wrk.method = "POST"
          wrk.headers["Content-Type"] = "application/json"
          wrk.body = '{"sessionId":"100000-0123456789abcdef","seq":1,"position":1.5,"playing":true}'
          """);

      // Every heartbeat run starts above the seq numbers and positions of the runs before
      // it, so each beat takes the full applied path, never the cheaper duplicate one.
      int run = 0;
      wrk(url + "/api/learn/heartbeats", script, 5, run++);
      List<Run> bare = new ArrayList<>();
      List<Run> beats = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        bare.add(wrk(url + "/bench/bare", dir.resolve("bare.lua"), SECONDS, 0));
        beats.add(wrk(url + "/api/learn/heartbeats", script, SECONDS, run++));
      }
      Timer lag = node.node().platform().metrics().find("jijiao.flush.lag").timer();
      String lagText = lag == null ? "n/a" : percentiles(lag);
      var batches = node.node().platform().metrics().find("jijiao.heartbeat.batch").summary();
      String batchText = batches == null ? "n/a" : String.format("mean %.1f, max %.0f",
          batches.mean(), batches.max());
      String backlog = backlog(node, course);

      Run b = median(bare);
      Run h = median(beats);
      System.out.printf("%nbare POST /bench/bare      : %,.0f req/s  p50 %s  p99 %s  (runs %s)%n",
          b.rps(), b.p50(), b.p99(), rates(bare));
      System.out.printf("POST /api/learn/heartbeats : %,.0f req/s  p50 %s  p99 %s  non-2xx %d"
          + "  (runs %s)%n", h.rps(), h.p50(), h.p99(), h.errors(), rates(beats));
      System.out.printf("ratio heartbeats / bare    : %.2f%n", h.rps() / b.rps());
      System.out.printf("beats per Redis call       : %s%n", batchText);
      System.out.printf("flush lag under load       : %s%n", lagText);
      System.out.printf("flush capacity             : %s%n", backlog);
    } finally {
      node.close();
    }
  }

  /** A long video, one selection and one open session per teacher, and the wrk script. */
  private static long prepare(TestNode node, Path script) throws IOException {
    long course = Fixtures.course(node, "BENCH", 1, 1, repeat(3600, BACKLOG_VIDEOS));
    node.execute("""
        insert into enrollment (project_id, teacher_id, org_id)
        select 1000, a.id, a.org_id from account a
        where a.id in (select account_id from account_role where account_id >= 100
                       group by account_id having bool_and(role = 'TEACHER')
                       order by account_id limit ?)
        on conflict do nothing""", SESSIONS);
    node.execute("""
        insert into selection (enrollment_id, project_id, teacher_id, course_id)
        select id, project_id, teacher_id, ? from enrollment where project_id = 1000
        on conflict do nothing""", course);
    List<Long> teachers = Fixtures.teachers(node, SESSIONS);
    long video = Fixtures.videos(node, course).get(0);
    StringBuilder lua = new StringBuilder("local S = {\n");
    for (long teacher : teachers) {
      String token = Fixtures.token(node, teacher);
      long selection = node.queryLong("select id from selection where teacher_id = ?"
          + " and course_id = ?", teacher, course);
      JsonObject session = node.client().post("/api/learn/sessions", token, new JsonObject()
          .put("selectionId", selection).put("videoId", video)).json();
      lua.append("{\"").append(token).append("\",\"").append(session.getString("sessionId"))
          .append("\"},\n");
    }
    lua.append("}\n").append("""
        local threads = 0
        function setup(thread)
          thread:set("tid", threads)
          threads = threads + 1
        end
        function init(args)
          nthreads = tonumber(args[1])
          run = tonumber(args[2])
          idx = tid + 1
          seq = {}
        end
        function request()
          local s = S[idx]
          local n = (seq[idx] or 0) + 1
          seq[idx] = n
          idx = idx + nthreads
          if idx > #S then idx = tid + 1 end
          -- A run sends far fewer than a million beats or 300 s of position per session.
          local body = '{"sessionId":"' .. s[2] .. '","seq":' .. (run * 1000000 + n)
            .. ',"position":' .. string.format("%.1f", run * 300 + n * 0.1)
            .. ',"playing":true}'
          return wrk.format("POST", nil, {["Content-Type"] = "application/json",
            ["Authorization"] = "Bearer " .. s[1]}, body)
        end
        """);
    Files.writeString(script, lua);
    return course;
  }

  private static int[] repeat(int value, int times) {
    int[] out = new int[times];
    java.util.Arrays.fill(out, value);
    return out;
  }

  private static Run wrk(String url, Path script, int seconds, int run) throws Exception {
    Process p = new ProcessBuilder("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s",
        "--latency", "-s", script.toString(), url, "--", "2", String.valueOf(run))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([\\d.]+)", "0"));
    long errors = Long.parseLong(find(out, "Non-2xx or 3xx responses: (\\d+)", "0"));
    return new Run(rps, find(out, "\\s50%\\s+(\\S+)", "?"), find(out, "\\s99%\\s+(\\S+)", "?"),
        errors);
  }

  private static String find(String text, String regex, String fallback) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : fallback;
  }

  private static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> Double.compare(a.rps(), b.rps()));
    return sorted.get(sorted.size() / 2);
  }

  private static String rates(List<Run> runs) {
    return runs.stream().map(r -> String.format("%,.0f", r.rps())).toList().toString();
  }

  private static String percentiles(Timer timer) {
    StringBuilder text = new StringBuilder();
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      text.append(String.format("p%.0f %.0f ms  ", v.percentile() * 100,
          v.value(TimeUnit.MILLISECONDS)));
    }
    return text.append(String.format("max %.0f ms (%d rows)", timer.max(TimeUnit.MILLISECONDS),
        timer.count())).toString();
  }

  /**
   * Makes every (teacher, video) of the bench course dirty at once in Redis — 20 videos per
   * teacher — and times the node's own flusher draining them into PostgreSQL.
   */
  private static String backlog(TestNode node, long course) throws Exception {
    var platform = node.node().platform();
    var keys = platform.keys();
    List<Long> videos = Fixtures.videos(node, course);
    List<Long> teachers = Fixtures.teachers(node, SESSIONS);
    // Selection ids are per teacher: write them after, through a second pass in Java.
    var redis = platform.redis();
    long started = System.nanoTime();
    int states = 0;
    List<String> stateMembers = new ArrayList<>();
    for (long teacher : teachers) {
      long selection = node.queryLong("select id from selection where teacher_id = ?"
          + " and course_id = ?", teacher, course);
      for (long video : videos) {
        stateMembers.add(teacher + ":" + video + ":" + selection);
      }
    }
    String script = """
        local at = ARGV[1]
        for i = 2, #ARGV do
          local t, v, s = string.match(ARGV[i], '(%d+):(%d+):(%d+)')
          local member = t .. ':' .. v
          local version = redis.call('INCR', KEYS[2])
          redis.call('HSET', KEYS[3] .. member, 'sel', s, 'pos', 60000, 'w', 60, 'n', 12,
            'done', 0, 'ver', version, 'at', at)
          redis.call('SET', KEYS[4] .. member, '\\255\\240')
          redis.call('ZADD', KEYS[1], version, member)
        end
        return #ARGV - 1""";
    for (int from = 0; from < stateMembers.size(); from += 5000) {
      List<String> args = new ArrayList<>();
      args.add(script);
      args.add("4");
      args.add(keys.of("ldirty"));
      args.add(keys.of("lver"));
      args.add(keys.of("lst") + ":");
      args.add(keys.of("lbits") + ":");
      args.add(String.valueOf(System.currentTimeMillis()));
      args.addAll(stateMembers.subList(from, Math.min(stateMembers.size(), from + 5000)));
      states += TestNode.await(redis.eval(args)).toInteger();
    }
    long filled = System.nanoTime();
    while (TestNode.await(redis.zcard(keys.of("ldirty"))).toLong() > 0) {
      Thread.sleep(5);
    }
    double seconds = (System.nanoTime() - filled) / 1e9;
    long stored = node.queryLong("select count(*) from video_progress where video_id = any("
        + "select id from course_video where course_id = ?)", course);
    return String.format("%,d dirty states drained in %.2f s = %,.0f rows/s "
        + "(incl. up to one 250 ms tick; %,d rows in video_progress; fill took %.2f s)",
        states, seconds, states / seconds, stored, (filled - started) / 1e9);
  }
}
