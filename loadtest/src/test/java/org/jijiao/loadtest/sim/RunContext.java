package org.jijiao.loadtest.sim;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Year;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.model.RetryPolicy;
import org.jijiao.loadtest.record.AckLedger;
import org.jijiao.loadtest.record.OutcomeLog;

/**
 * What the chains of one run share: the model's numbers, the replay speed, and the
 * recorders the summary and the checker read afterwards. One instance per simulation.
 */
final class RunContext {

  /** Latency and rate are summarised per window of this length. */
  private static final long WINDOW_MS = 10_000;

  final PeakModel model;
  final double speed;
  final RetryPolicy retry;
  final long seed;
  final int defaultHeartbeatSeconds;
  final double jitterShare;
  final String year;
  final String teacherPassword;
  final String adminPassword;
  final long startMs = System.currentTimeMillis();
  final OutcomeLog outcomes = new OutcomeLog(startMs, WINDOW_MS);
  final AckLedger acks = new AckLedger();
  final AtomicInteger watching = new AtomicInteger();
  /** How each visit ended, by action: a visit that stops early must show in the summary. */
  private final Map<String, LongAdder> visitEnds = new ConcurrentHashMap<>();

  RunContext(PeakModel model, double speed) {
    this.model = model;
    this.speed = speed;
    this.retry = model.retryPolicy();
    this.seed = model.longValue("seed");
    this.defaultHeartbeatSeconds = model.integer("watch.heartbeatSeconds");
    this.jitterShare = model.decimal("watch.jitterShare");
    String configuredYear = model.text("enrollment.year");
    this.year = configuredYear.isEmpty() ? Integer.toString(Year.now().getValue()) : configuredYear;
    this.teacherPassword = env("LOADTEST_PASSWORD", "Teacher@2026");
    this.adminPassword = env("LOADTEST_ADMIN_PASSWORD", "Jijiao@2026");
  }

  /** Trace time runs speed times faster: offsets, think times and watch lengths shrink. */
  long scaled(long traceMillis) {
    return Math.round(traceMillis / speed);
  }

  void visitEnded(String action, String how) {
    visitEnds.computeIfAbsent(action + "," + how, key -> new LongAdder()).increment();
  }

  /** action,ending,count */
  void writeVisits(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println("action,ending,count");
      new TreeMap<>(visitEnds).forEach((key, count) -> out.println(key + "," + count.sum()));
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
