package org.jijiao.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Keeps the figures section of docs/performance.md current. Each scenario owns a block
 * between its own markers, so a run of one scenario leaves the others' figures alone, and
 * anything written outside the figures section is never touched.
 */
final class PerformanceDoc {

  private static final String SECTION_BEGIN = "<!-- loadtest:figures:begin -->";
  private static final String SECTION_END = "<!-- loadtest:figures:end -->";

  private PerformanceDoc() {
  }

  static String table(Figures figures) {
    double logins = figures.peakLoginsPerSecond();
    String loginNote = Format.ratio(logins, figures.hashesPerSecond()) + " of raw Argon2id rate"
        + ("heartbeat".equals(figures.scenario())
            ? " (watchers sign in at watch.loginsPerSecond: offered, not a ceiling)" : "");
    return "| figure | value | ratio or note | target |\n|---|---:|---|---|\n"
        + heartbeatRows(figures)
        + row("logins/s (best 10 s)", Format.num(logins), loginNote, ">= 80 %")
        + row("enrollments/s (best 10 s)", Format.num(figures.peakEnrollmentsPerSecond()), "", "")
        + row("flush lag", figures.flushLag(), "", "")
        + row("server memory per 10,000 watchers (MiB)",
            Format.num(figures.redisMiBPer10kWatchers()) + " Redis, "
            + Format.num(figures.serverMiBPer10kWatchers()) + " JVM",
            "growth from the end of the first step to the largest step, per watcher added;"
            + " a watcher's state lives in Redis; the JVM's resident size moves with its"
            + " garbage collector (n/a when it shrank)", "")
        + row("503 answers (explicit overload)", Long.toString(figures.count503()), "", "")
        + row("unexpected errors", Long.toString(figures.unexpectedErrors()), "", "0")
        + row("correctness after the run", figures.correct() ? "passed" : "FAILED", "",
            "zero over-enrollment, zero lost progress")
        + row("bare route GET / POST per s (before and after)",
            Format.num(figures.bareGetPerSecond()) + " / "
            + Format.num(figures.barePostPerSecond()), "", "")
        + row("raw Argon2id checks/s", Format.num(figures.hashesPerSecond()), "", "")
        + row("generator CPU mean / max (% of one core)", Format.pct(figures.generatorCpu(false))
            + " / " + Format.pct(figures.generatorCpu(true)), "Gatling, during the replay", "");
  }

  /**
   * The server's heartbeat ceiling (wrk, closed loop) beside the bare POST of the same
   * phase, then what the replay's watchers offered and which limit they reached.
   */
  private static String heartbeatRows(Figures figures) {
    double sustained = figures.sustainedHeartbeatsPerSecond();
    double bare = figures.ceilingNumber("bare.rps");
    StringBuilder rows = new StringBuilder(row(
        "heartbeats/s sustained with p99 < 100 ms (wrk ceiling)", Format.num(sustained),
        Double.isNaN(sustained) ? figures.sustainedMissing()
            : Format.ratio(sustained, bare) + " of bare POST in the same phase", ">= 50 %"));
    if (figures.ceilingRan()) {
      rows.append(row("heartbeat ceiling p50 / p99 ms, non-2xx",
          Format.num(figures.ceilingNumber("heartbeat.p50Ms")) + " / "
              + Format.num(figures.ceilingNumber("heartbeat.p99Ms")) + ", "
              + Format.count(figures.ceilingNumber("heartbeat.non2xx")) + " non-2xx",
          Format.count(figures.ceilingNumber("sessions")) + " sessions, wrk -t"
              + Format.count(figures.ceilingNumber("threads")) + " -c"
              + Format.count(figures.ceilingNumber("connections")) + ", median of "
              + Format.count(figures.ceilingNumber("rounds")) + " x "
              + Format.count(figures.ceilingNumber("seconds")) + " s; limit: "
              + figures.ceilingLimit(),
          "p99 < 100 ms"));
      rows.append(row("bare POST in the ceiling phase (req/s)", Format.num(bare),
          "p99 " + Format.num(figures.ceilingNumber("bare.p99Ms")) + " ms, same wrk script",
          ""));
    }
    HeartbeatSteps steps = figures.steps();
    if (!steps.isEmpty()) {
      String offered = steps.best()
          .map(step -> Format.num(step.beatsPerSecond()) + " at "
              + Format.count(step.plan().watchers()) + " watchers (p99 "
              + Format.count(step.worstP99Ms()) + " ms)")
          .orElse("no step held");
      rows.append(row("heartbeats/s offered by the Gatling watchers (largest step held)",
          offered, "limit: " + steps.limit(), ""));
    } else {
      rows.append(row("heartbeats/s offered by the replay (best 10 s with p99 < 100 ms)",
          Format.num(figures.offeredHeartbeatsPerSecond()), "what the generator sent", ""));
    }
    return rows.toString();
  }

  static String block(String scenario, Path reportDir, Figures figures) {
    return "### `" + scenario + "` — " + LocalDate.now() + "\n\nReport: `loadtest/reports/"
        + reportDir.getFileName() + "/summary.md`. The heartbeat ceiling is wrk's closed loop"
        + " after the replay; the replay's rates are the load offered, a ceiling only when the"
        + " run pushed past it (503s appear or p99 passes its target).\n\n"
        + table(figures);
  }

  static void update(Path doc, String scenario, String block) throws IOException {
    String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : skeleton();
    if (!text.contains(SECTION_BEGIN)) {
      text = text + "\n## Figures\n\n" + SECTION_BEGIN + "\n" + SECTION_END + "\n";
    }
    String begin = "<!-- loadtest:" + scenario + ":begin -->";
    String end = "<!-- loadtest:" + scenario + ":end -->";
    String marked = begin + "\n" + block + end;
    int from = text.indexOf(begin);
    if (from >= 0) {
      int to = text.indexOf(end, from) + end.length();
      text = text.substring(0, from) + marked + text.substring(to);
    } else {
      int at = text.indexOf(SECTION_END);
      text = text.substring(0, at) + marked + "\n\n" + text.substring(at);
    }
    Files.createDirectories(doc.toAbsolutePath().getParent());
    Files.writeString(doc, text, StandardCharsets.UTF_8);
  }

  private static String row(String figure, String value, String ratio, String target) {
    return "| " + figure + " | " + value + " | " + ratio + " | " + target + " |\n";
  }

  private static String skeleton() {
    return """
        # Performance

        Figures below are regenerated by `loadtest/run.sh <scenario>` (see `docs/loadtest.md`).
        Every figure comes from one run on one machine, beside the bare Vert.x route and the
        raw password-hash rate measured in the same run, so the ratios survive a noisy box.
        """;
  }
}
