package org.jijiao.loadtest.report;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures the issue asks for, computed from one run's files. A figure that the run
 * could not produce is NaN and is printed as "n/a" with the reason nearby.
 */
final class Figures {

  static final double P99_TARGET_MS = 100;
  /** A process at this share of a core (per thread) is taken as the limit. */
  private static final double NEAR_FULL_CORE_PCT = 90;

  private final RunFiles files;
  private final HeartbeatSteps steps;

  Figures(RunFiles files) {
    this.files = files;
    this.steps = new HeartbeatSteps(files);
  }

  String scenario() {
    return files.scenario();
  }

  /**
   * The heartbeat rate the server sustains: the wrk ceiling phase's median heartbeat round,
   * when it ran and its p99 stayed under target. A closed loop finds the server's rate; the
   * replay's watchers only offer what the generator can send (see offeredHeartbeats).
   */
  double sustainedHeartbeatsPerSecond() {
    return ceilingRan() && ceilingNumber("heartbeat.p99Ms") < P99_TARGET_MS
        ? ceilingNumber("heartbeat.rps") : Double.NaN;
  }

  /** Why there is no sustained figure, or "" when there is one. */
  String sustainedMissing() {
    if (!ceilingRan()) {
      return "no ceiling phase: " + ceilingAbsence();
    }
    double p99 = ceilingNumber("heartbeat.p99Ms");
    return p99 < P99_TARGET_MS ? "" : "not sustained: the ceiling of "
        + Format.num(ceilingNumber("heartbeat.rps")) + "/s had p99 " + Format.num(p99) + " ms";
  }

  boolean ceilingRan() {
    return "true".equals(files.ceiling().getProperty("ran"));
  }

  /** Why the ceiling phase left no figures: skipped, failed, or not part of the scenario. */
  String ceilingAbsence() {
    Properties ceiling = files.ceiling();
    if (ceiling.getProperty("skipped") != null) {
      return "skipped (" + ceiling.getProperty("skipped") + ")";
    }
    if (ceiling.getProperty("failed") != null) {
      return "FAILED (" + ceiling.getProperty("failed") + ")";
    }
    return "not part of the " + files.scenario() + " scenario";
  }

  double ceilingNumber(String key) {
    double value = Csv.number(files.ceiling(), key);
    return value < 0 ? Double.NaN : value;
  }

  /**
   * What bounded the ceiling's heartbeat rounds, from their CPU samples: one server thread
   * or the single-threaded Redis near a full core, wrk near its threads' cores (the
   * generator), the whole machine saturated (everything shares two cores), or none of these
   * (the loop's latency).
   */
  String ceilingLimit() {
    double redis = ceilingNumber("heartbeat.redisCpuPct");
    double wrk = ceilingNumber("heartbeat.wrkCpuPct");
    double machine = ceilingNumber("heartbeat.machineBusyPct");
    double server = ceilingNumber("heartbeat.serverCpuPct");
    double threads = ceilingNumber("threads");
    double hotThread = ceilingNumber("heartbeat.serverHotThreadPct");
    // The machine's busy share is of all cores; whatever the three did not use, others did
    // (other builds on a shared box).
    double others = machine * ceilingNumber("cores") - server - redis - wrk;
    String shares = "server " + Format.num(server) + " % (busiest thread " + Format.num(hotThread)
        + " %), Redis " + Format.num(redis) + " %, wrk " + Format.num(wrk) + " %, other"
        + " processes " + Format.num(Math.max(0, others)) + " % of a core";
    if (hotThread >= NEAR_FULL_CORE_PCT) {
      return "one server thread (" + files.ceiling().getProperty("heartbeat.serverHotThread")
          + ") at a full core; " + shares;
    }
    if (redis >= NEAR_FULL_CORE_PCT) {
      return "Redis (single-threaded) at " + Format.num(redis) + " % of its core";
    }
    if (threads > 0 && wrk >= NEAR_FULL_CORE_PCT * threads) {
      return "the generator: wrk at " + Format.num(wrk) + " % of a core with " + Format.count(
          threads) + " threads";
    }
    if (machine >= HeartbeatSteps.SATURATED_PCT) {
      return "the machine, " + Format.num(machine) + " % busy: " + shares;
    }
    return "no process or thread at a full core and the machine " + Format.num(machine)
        + " % busy (" + shares + "): the loop waits on latency, not on one CPU";
  }

  /** The heartbeat scenario's steps: what the replay's watchers offered, step by step. */
  HeartbeatSteps steps() {
    return steps;
  }

  /**
   * Without steps (mixed, smoke): the best 10 s window of the replay's heartbeats whose p99
   * stayed under target. What the generator offered, not what the server can take.
   */
  double offeredHeartbeatsPerSecond() {
    return files.windows().stream()
        .filter(row -> "Heartbeat".equals(row.get("request")))
        .filter(row -> Csv.number(row, "p99") < P99_TARGET_MS)
        .mapToDouble(row -> Csv.number(row, "ok") / Csv.number(row, "windowS"))
        .max()
        .orElse(Double.NaN);
  }

  /** Best 10 s window of successful logins per second. */
  double peakLoginsPerSecond() {
    return bestWindowRate("Login");
  }

  double peakEnrollmentsPerSecond() {
    double open = bestWindowRate("Enroll");
    double capped = bestWindowRate("Enroll capped");
    return Double.isNaN(open) ? capped : Double.isNaN(capped) ? open : Math.max(open, capped);
  }

  /** POST is the fair comparison for a heartbeat: both parse a small JSON body. */
  double barePostPerSecond() {
    return average(Csv.number(files.baselineBefore(), "post.rps"),
        Csv.number(files.baselineAfter(), "post.rps"));
  }

  double bareGetPerSecond() {
    return average(Csv.number(files.baselineBefore(), "get.rps"),
        Csv.number(files.baselineAfter(), "get.rps"));
  }

  double hashesPerSecond() {
    double rate = Csv.number(files.hashRate(), "argon2id.perSecond");
    return rate <= 0 ? Double.NaN : rate;
  }

  /** 503 answers of the replay and of the ceiling phase's wrk rounds. */
  long count503() {
    return files.statuses().stream()
        .filter(row -> "503".equals(row.get("status")))
        .mapToLong(row -> (long) Csv.number(row, "count"))
        .sum()
        + ceilingCount("heartbeat.status503") + ceilingCount("bare.status503");
  }

  /**
   * Answers that are neither success nor a planned refusal (409, 503): 4xx, 5xx, none; in
   * the ceiling phase also a 503 without Retry-After, a socket error (no answer within
   * wrk's 2 s, a reset) and a read-back beat refused.
   */
  long unexpectedErrors() {
    long replay = files.statuses().stream()
        .filter(row -> {
          int status = (int) Csv.number(row, "status");
          return status / 100 != 2 && status != 409 && status != 503;
        })
        .mapToLong(row -> (long) Csv.number(row, "count"))
        .sum();
    long ceiling = 0;
    for (String kind : List.of("heartbeat", "bare")) {
      ceiling += ceilingCount(kind + ".non2xx") - ceilingCount(kind + ".status503")
          + ceilingCount(kind + ".status503WithoutRetryAfter")
          + ceilingCount(kind + ".socketErrors");
    }
    return replay + ceiling + readBackRefused();
  }

  /** Read-back beats the server did not answer with 200 (see CeilingPhase). */
  long readBackRefused() {
    Matcher counts = Pattern.compile("=(\\d+)")
        .matcher(files.ceiling().getProperty("readBack.refused", ""));
    long refused = 0;
    while (counts.find()) {
      refused += Long.parseLong(counts.group(1));
    }
    return refused;
  }

  private long ceilingCount(String key) {
    double value = Csv.number(files.ceiling(), key);
    return value < 0 ? 0 : (long) value;
  }

  /** The server's own flush lag if flush-status gave it, else how long the drain took. */
  String flushLag() {
    Matcher server = Pattern.compile("server flush lag (\\d+) ms").matcher(files.checker());
    if (server.find()) {
      return server.group(1) + " ms (server)";
    }
    Matcher waited = Pattern.compile("flush wait: (\\d+) ms").matcher(files.checker());
    return waited.find() ? "<= " + waited.group(1) + " ms (drain wait after the run)" : "n/a";
  }

  /** Growth of the server JVM's resident memory per 10,000 watchers, from the samples. */
  double serverMiBPer10kWatchers() {
    return growthPer10kWatchers("serverRssMiB");
  }

  /** Growth of Redis's used memory per 10,000 watchers: where a watcher's state lives. */
  double redisMiBPer10kWatchers() {
    return growthPer10kWatchers("redisUsedMiB");
  }

  /**
   * (value at the sample with the most watchers - value at the baseline) / (the watchers
   * between them) x 10,000. The baseline is the last sample with at most BASELINE_SHARE of
   * the peak's watchers (the end of the first step in the default plan), not the first
   * sample: a freshly started JVM grows its heap in the first minutes whatever the load,
   * and that growth is not the watchers'. NaN when the column was not
   * sampled, the steps added fewer than 100 watchers, or the value shrank (a JVM's resident
   * size moves with its garbage collector, not with the watchers).
   */
  private static final double BASELINE_SHARE = 0.15;

  private double growthPer10kWatchers(String column) {
    List<Map<String, String>> samples = files.resources().stream()
        .filter(row -> Csv.number(row, column) > 0 && Csv.number(row, "watchers") > 0)
        .toList();
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    int busiest = 0;
    for (int i = 1; i < samples.size(); i++) {
      if (Csv.number(samples.get(i), "watchers") > Csv.number(samples.get(busiest), "watchers")) {
        busiest = i;
      }
    }
    double low = Csv.number(samples.get(busiest), "watchers") * BASELINE_SHARE;
    int base = -1;
    for (int i = 0; i < busiest; i++) {
      if (Csv.number(samples.get(i), "watchers") <= low) {
        base = i;
      }
    }
    if (base < 0) {
      return Double.NaN;
    }
    double watchers = Csv.number(samples.get(busiest), "watchers")
        - Csv.number(samples.get(base), "watchers");
    double growth = Csv.number(samples.get(busiest), column)
        - Csv.number(samples.get(base), column);
    return watchers < 100 || growth < 0 ? Double.NaN : growth / watchers * 10_000;
  }

  OptionalDouble generatorCpu(boolean max) {
    return stat(files.resources().stream().mapToDouble(row -> Csv.number(row, "generatorCpuPct")), max);
  }

  OptionalDouble machineBusy(boolean max) {
    return stat(files.resources().stream().mapToDouble(row -> Csv.number(row, "machineBusyPct")), max);
  }

  /** Share of the one-second samples in which the whole machine was over 95 % busy. */
  double saturatedShare() {
    long samples = files.resources().stream()
        .filter(row -> Csv.number(row, "machineBusyPct") >= 0)
        .count();
    long saturated = files.resources().stream()
        .filter(row -> Csv.number(row, "machineBusyPct") > 95)
        .count();
    return samples == 0 ? Double.NaN : (double) saturated / samples;
  }

  boolean correct() {
    return files.checkerExit() == 0;
  }

  private double bestWindowRate(String request) {
    return files.windows().stream()
        .filter(row -> request.equals(row.get("request")))
        .mapToDouble(row -> Csv.number(row, "ok") / Csv.number(row, "windowS"))
        .max()
        .orElse(Double.NaN);
  }

  private static OptionalDouble stat(java.util.stream.DoubleStream values, boolean max) {
    java.util.stream.DoubleStream valid = values.filter(value -> value >= 0);
    return max ? valid.max() : valid.average();
  }

  private static double average(double a, double b) {
    if (a > 0 && b > 0) {
      return (a + b) / 2;
    }
    return a > 0 ? a : b > 0 ? b : Double.NaN;
  }
}
