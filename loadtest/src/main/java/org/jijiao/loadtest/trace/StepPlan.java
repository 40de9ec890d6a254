package org.jijiao.loadtest.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of the heartbeat scenario in trace time: newcomers sign in from rampStartMs on,
 * and the step holds its watchers from holdStartMs to holdEndMs. The summary judges each
 * step on its hold only, so the logins and the first beats of newcomers are not mixed in.
 */
public record StepPlan(int watchers, long rampStartMs, long holdStartMs, long holdEndMs) {

  /** watchers:rampStartMs:holdStartMs:holdEndMs, comma-separated (the trace's meta file). */
  public static String format(List<StepPlan> steps) {
    return String.join(",", steps.stream().map(step -> step.watchers() + ":"
        + step.rampStartMs() + ":" + step.holdStartMs() + ":" + step.holdEndMs()).toList());
  }

  public static List<StepPlan> parse(String text) {
    List<StepPlan> steps = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return steps;
    }
    for (String item : text.split(",")) {
      String[] parts = item.trim().split(":");
      steps.add(new StepPlan(Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
          Long.parseLong(parts[2]), Long.parseLong(parts[3])));
    }
    return steps;
  }
}
