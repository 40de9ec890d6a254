package org.jijiao.loadtest.report;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures the issue asks for, computed from one run's files. A figure that the run
 * could not produce is NaN and is printed as "n/a" with the reason nearby.
 */
final class Figures {

  static final double P99_TARGET_MS = 100;

  private final RunFiles files;

  Figures(RunFiles files) {
    this.files = files;
  }

  /** Highest heartbeat rate over a 10 s window whose p99 stayed under target. */
  double sustainedHeartbeatsPerSecond() {
    return bestWindowRate("Heartbeat", true);
  }

  /** Best 10 s window of successful logins per second. */
  double peakLoginsPerSecond() {
    return bestWindowRate("Login", false);
  }

  double peakEnrollmentsPerSecond() {
    double open = bestWindowRate("Enroll", false);
    double capped = bestWindowRate("Enroll capped", false);
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

  long count503() {
    return files.statuses().stream()
        .filter(row -> "503".equals(row.get("status")))
        .mapToLong(row -> (long) Csv.number(row, "count"))
        .sum();
  }

  /** Answers that are neither success nor a planned refusal (409, 503): 4xx, 5xx, none. */
  long unexpectedErrors() {
    return files.statuses().stream()
        .filter(row -> {
          int status = (int) Csv.number(row, "status");
          return status / 100 != 2 && status != 409 && status != 503;
        })
        .mapToLong(row -> (long) Csv.number(row, "count"))
        .sum();
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

  /** Growth of the server's resident memory per 10,000 watchers, from the samples. */
  double serverMiBPer10kWatchers() {
    List<Map<String, String>> samples = files.resources().stream()
        .filter(row -> Csv.number(row, "serverRssMiB") > 0)
        .toList();
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    double idle = Csv.number(samples.get(0), "serverRssMiB");
    Map<String, String> busiest = samples.stream()
        .max((a, b) -> Double.compare(Csv.number(a, "watchers"), Csv.number(b, "watchers")))
        .orElseThrow();
    double watchers = Csv.number(busiest, "watchers");
    return watchers < 100 ? Double.NaN
        : (Csv.number(busiest, "serverRssMiB") - idle) / watchers * 10_000;
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

  private double bestWindowRate(String request, boolean underTarget) {
    return files.windows().stream()
        .filter(row -> request.equals(row.get("request")))
        .filter(row -> !underTarget || Csv.number(row, "p99") < P99_TARGET_MS)
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
