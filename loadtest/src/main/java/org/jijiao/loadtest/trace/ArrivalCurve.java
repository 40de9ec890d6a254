package org.jijiao.loadtest.trace;

import java.util.Random;

/**
 * When people arrive after the window opens: the rate is highest at the opening and halves
 * every half-life (the rush of a notice sent to every school at once), truncated to the
 * window. Sampling by the inverse of the distribution keeps it exact and seedable.
 */
public final class ArrivalCurve {

  private final double lambdaPerMs;
  private final double mass;

  public ArrivalCurve(double halfLifeMinutes, long windowMs) {
    this.lambdaPerMs = Math.log(2) / (halfLifeMinutes * 60_000);
    this.mass = 1 - Math.exp(-lambdaPerMs * windowMs);
  }

  public long drawOffsetMs(Random random) {
    double u = random.nextDouble();
    return Math.round(-Math.log(1 - u * mass) / lambdaPerMs);
  }
}
