package org.jijiao.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jijiao.loadtest.trace.StepPlan;

/**
 * The heartbeat scenario judged step by step, on each step's hold only (its newcomers all
 * in): beats per second, the worst 10 s p99, refusals, and what the generator and the
 * machine were doing meanwhile. A step holds when p99 stayed under target, nothing was
 * refused and its watchers were all live; the first step that does not hold says which
 * limit was reached: the server's, or the generator's (machine saturated), or the logins'.
 */
final class HeartbeatSteps {

  /** Machine busy share above which a figure is the shared box's, not the server's. */
  static final double SATURATED_PCT = 95;
  /** A step whose live watchers fall this short of its plan did not get its watchers in. */
  private static final double LIVE_SHARE = 0.95;

  record Step(StepPlan plan, double holdSeconds, double liveWatchers, double beatsPerSecond,
      double worstP99Ms, long refused503, long otherFailures, double generatorCpuPct,
      double machineBusyPct) {

    boolean measured() {
      return holdSeconds > 0;
    }

    boolean watchersIn() {
      return liveWatchers >= LIVE_SHARE * plan.watchers();
    }

    boolean held() {
      return measured() && worstP99Ms < Figures.P99_TARGET_MS && refused503 == 0
          && otherFailures == 0 && watchersIn();
    }
  }

  private final List<Step> steps = new ArrayList<>();

  HeartbeatSteps(RunFiles files) {
    double speed = files.speed();
    for (StepPlan plan : StepPlan.parse(files.trace().getProperty("watch.schedule"))) {
      double from = plan.holdStartMs() / speed / 1000;
      double to = plan.holdEndMs() / speed / 1000;
      double seconds = 0;
      double ok = 0;
      double worst = -1;
      long refused = 0;
      long other = 0;
      for (Map<String, String> row : files.windows()) {
        double start = Csv.number(row, "windowStartS");
        double length = Csv.number(row, "windowS");
        // Whole windows inside the hold; a second of slack for Gatling's start-up.
        if (!"Heartbeat".equals(row.get("request")) || start < from || start + length > to + 1) {
          continue;
        }
        seconds += length;
        ok += Csv.number(row, "ok");
        worst = Math.max(worst, Csv.number(row, "p99"));
        refused += (long) Csv.number(row, "status503");
        other += (long) (Csv.number(row, "answers") - Csv.number(row, "ok")
            - Csv.number(row, "status503"));
      }
      List<Map<String, String>> samples = files.resources().stream()
          .filter(row -> Csv.number(row, "elapsedS") >= from && Csv.number(row, "elapsedS") <= to)
          .toList();
      steps.add(new Step(plan, seconds, max(samples, "watchers"),
          seconds > 0 ? ok / seconds : Double.NaN, worst, refused, other,
          mean(samples, "generatorCpuPct"), mean(samples, "machineBusyPct")));
    }
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** The largest step that held: the most heartbeats the generator offered within target. */
  Optional<Step> best() {
    return steps.stream().filter(Step::held).reduce((a, b) -> b);
  }

  /** Which limit the steps reached, in a few words for the figures table. */
  String limit() {
    Optional<Step> failed = steps.stream().filter(step -> step.measured() && !step.held())
        .findFirst();
    if (failed.isEmpty()) {
      Optional<Step> top = best();
      if (top.isPresent() && top.get().machineBusyPct() >= SATURATED_PCT) {
        return "generator: every step held, but the machine was already "
            + Format.num(top.get().machineBusyPct()) + " % busy at the largest";
      }
      return "none reached: every step held (the load is what the steps offered)";
    }
    Step step = failed.get();
    String at = "at " + Format.count(step.plan().watchers()) + " watchers";
    if (!step.watchersIn()) {
      return "logins: " + at + " only " + Format.count(step.liveWatchers())
          + " were live (see How visits ended)";
    }
    String what = step.worstP99Ms() >= Figures.P99_TARGET_MS
        ? "p99 " + Format.count(step.worstP99Ms()) + " ms"
        : (step.refused503() + step.otherFailures()) + " refused";
    if (step.machineBusyPct() >= SATURATED_PCT) {
      return "generator (machine saturated): " + at + ", " + what + " with the machine "
          + Format.num(step.machineBusyPct()) + " % busy, Gatling "
          + Format.num(step.generatorCpuPct()) + " % of a core";
    }
    return "server: " + at + ", " + what + " with the machine "
        + Format.num(step.machineBusyPct()) + " % busy";
  }

  String render() {
    if (steps.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder("\n## Heartbeat steps (Gatling watchers, each"
        + " judged on its hold)\n\n"
        + "| watchers | live (max) | hold s | beats/s | worst 10 s p99 ms | 503 | other"
        + " refusals | Gatling CPU | machine busy | held |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Step step : steps) {
      table.append(String.format("| %s | %s | %s | %s | %s | %d | %d | %s %% | %s %% | %s |%n",
          Format.count(step.plan().watchers()), Format.count(step.liveWatchers()),
          Format.count(step.holdSeconds()), Format.num(step.beatsPerSecond()),
          Format.count(step.worstP99Ms()), step.refused503(), step.otherFailures(),
          Format.num(step.generatorCpuPct()), Format.num(step.machineBusyPct()),
          !step.measured() ? "not reached" : step.held() ? "yes" : "**no**"));
    }
    return table.append("\nLimit: ").append(limit()).append(".\n").toString();
  }

  private static double max(List<Map<String, String>> rows, String column) {
    return rows.stream().mapToDouble(row -> Csv.number(row, column)).max().orElse(Double.NaN);
  }

  private static double mean(List<Map<String, String>> rows, String column) {
    return rows.stream().mapToDouble(row -> Csv.number(row, column)).filter(v -> v >= 0)
        .average().orElse(Double.NaN);
  }
}
