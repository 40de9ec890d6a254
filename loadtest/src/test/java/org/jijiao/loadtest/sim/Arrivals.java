package org.jijiao.loadtest.sim;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;

import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.loadtest.trace.TraceEvent;

/**
 * The trace rows of one action, turned into an open injection profile and a feeder that
 * hands the rows out in arrival order. Arrivals are injected per second of (sped-up) trace
 * time at that second's count, so the shape of the trace is kept while Gatling, not the
 * answers, decides when each visitor starts.
 */
final class Arrivals {

  private final List<TraceEvent> events;
  private final RunContext run;
  private final AtomicInteger handedOut = new AtomicInteger();

  Arrivals(List<TraceEvent> events, RunContext run) {
    this.events = events;
    this.run = run;
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  OpenInjectionStep[] profile() {
    Map<Long, Integer> perSecond = new HashMap<>();
    long lastSecond = 0;
    for (TraceEvent event : events) {
      long second = run.scaled(event.offsetMs()) / 1000;
      perSecond.merge(second, 1, Integer::sum);
      lastSecond = Math.max(lastSecond, second);
    }
    List<OpenInjectionStep> steps = new ArrayList<>();
    long second = 0;
    while (second <= lastSecond) {
      int count = perSecond.getOrDefault(second, 0);
      long run = 1;
      while (second + run <= lastSecond && perSecond.getOrDefault(second + run, 0) == count) {
        run++;
      }
      Duration span = Duration.ofSeconds(run);
      steps.add(count == 0 ? nothingFor(span) : constantUsersPerSec(count).during(span));
      second += run;
    }
    return steps.toArray(OpenInjectionStep[]::new);
  }

  /**
   * Never runs dry: should Gatling round a step to one visitor more than the trace holds,
   * the extra visitor gets no event and leaves at once instead of stopping the engine.
   */
  Iterator<Map<String, Object>> feeder() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, Object> next() {
        int index = handedOut.getAndIncrement();
        return index < events.size()
            ? Map.of(Flows.EVENT, events.get(index))
            : Map.of(Flows.EVENT, "none");
      }
    };
  }

  /** When the last visitor of this action can be expected to be done, in ms. */
  long lastEndMs() {
    long end = 0;
    for (TraceEvent event : events) {
      long busy = event.longParam("watchSeconds", 0) + event.longParam("holdSeconds", 0);
      long thinking = event.longParam("thinkMs", 0) + event.longParam("selectThinkMs", 0)
          + event.longParam("playThinkMs", 0);
      end = Math.max(end, run.scaled(event.offsetMs() + busy * 1000 + thinking));
    }
    return end;
  }
}
