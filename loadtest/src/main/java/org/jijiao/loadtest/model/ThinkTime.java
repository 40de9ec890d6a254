package org.jijiao.loadtest.model;

import java.util.Random;

/** A uniform think time in seconds; drawn by the generator so the trace fixes it. */
public record ThinkTime(double minSeconds, double maxSeconds) {

  public long drawMillis(Random random) {
    double seconds = minSeconds + random.nextDouble() * (maxSeconds - minSeconds);
    return Math.round(seconds * 1000);
  }
}
