package org.jijiao.loadtest.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jijiao.loadtest.model.PeakModel;

/**
 * Turns the peak model into the rows of one scenario. Teachers are taken from the shuffled
 * population in order, so within a scenario nobody arrives twice unless the seeded database
 * is smaller than the model asks for; that case is written into the notes.
 */
public final class TracePlanner {

  private static final long CAPPED_RUSH_MS = 60_000;

  private final PeakModel model;
  private final Population population;
  private final Projects projects;
  private final Random random;
  private final List<String> notes = new ArrayList<>();
  private int nextTeacher;

  TracePlanner(PeakModel model, Population population, Projects projects) {
    this.model = model;
    this.population = population;
    this.projects = projects;
    this.random = new Random(model.longValue("seed"));
  }

  public List<String> notes() {
    return notes;
  }

  public List<TraceEvent> plan(String scenario) {
    return switch (scenario) {
      case "login" -> login();
      case "enroll" -> enroll();
      case "heartbeat" -> heartbeat();
      case "mixed" -> mixed();
      case "smoke" -> smoke();
      default -> throw new IllegalArgumentException(
          "unknown scenario " + scenario + " (login, enroll, heartbeat, mixed, smoke)");
    };
  }

  private List<TraceEvent> login() {
    long windowMs = seconds("scenario.login.seconds");
    EventFactory make = new EventFactory(model, random, 1);
    ArrivalCurve curve = curve(windowMs);
    List<TraceEvent> rows = new ArrayList<>();
    int arrivals = openingArrivals();
    for (int i = 0; i < arrivals; i++) {
      rows.add(make.login(curve.drawOffsetMs(random), takeTeacher()));
    }
    return rows;
  }

  private List<TraceEvent> enroll() {
    long windowMs = seconds("scenario.enroll.seconds");
    EventFactory make = new EventFactory(model, random, 1);
    List<TraceEvent> rows = new ArrayList<>();
    addOpeningRush(rows, make, curve(windowMs), model.decimal("enrollment.enrollShare"));
    addCappedRush(rows, make, capacityAttempts());
    return rows;
  }

  private List<TraceEvent> heartbeat() {
    List<Integer> steps = model.integers("watch.steps");
    long stepMs = seconds("watch.stepSeconds");
    long endMs = stepMs * steps.size();
    EventFactory make = new EventFactory(model, random, 1);
    List<TraceEvent> rows = new ArrayList<>();
    int watching = 0;
    for (int step = 0; step < steps.size(); step++) {
      int target = Math.min(steps.get(step), population.teachers().size());
      if (target < steps.get(step)) {
        notes.add("step " + steps.get(step) + " watchers capped at the population of "
            + target + " teachers: one teacher can hold only one live play session");
      }
      // New watchers join over the first quarter of the step, then the level holds.
      long stepStart = step * stepMs;
      for (; watching < target; watching++) {
        long offset = stepStart + (long) (random.nextDouble() * stepMs / 4);
        rows.add(make.watch(offset, takeTeacher(), projects.open(), (endMs - offset) / 1000));
      }
    }
    return rows;
  }

  private List<TraceEvent> mixed() {
    long windowMs = seconds("scenario.mixed.seconds");
    EventFactory make = new EventFactory(model, random, 1);
    List<TraceEvent> rows = new ArrayList<>();
    int watchers = (int) Math.round(model.integer("teachers") * model.decimal("watch.concurrentShare"));
    watchers = Math.min(watchers, population.teachers().size() / 2);
    long rampMs = seconds("watch.rampSeconds");
    for (int i = 0; i < watchers; i++) {
      long offset = (long) (random.nextDouble() * rampMs);
      rows.add(make.watch(offset, takeTeacher(), projects.open(), (windowMs - offset) / 1000));
    }
    notes.add(watchers + " watchers ramp in over " + rampMs / 1000 + " s while the window opens");
    addOpeningRush(rows, make, curve(windowMs), model.decimal("enrollment.enrollShare"));
    addCappedRush(rows, make, capacityAttempts());
    addDashboards(rows, make, model.integer("dashboards.open"), windowMs);
    return rows;
  }

  /** Every action at least once in about thirty seconds: what CI can afford. */
  private List<TraceEvent> smoke() {
    long windowMs = seconds("scenario.smoke.seconds");
    int teachers = model.integer("scenario.smoke.teachers");
    // Think times shrink so that a watcher still reaches at least one heartbeat in the run.
    EventFactory make = new EventFactory(model, random, 0.1);
    List<TraceEvent> rows = new ArrayList<>();
    int watchers = teachers * 2 / 5;
    for (int i = 0; i < watchers; i++) {
      long offset = (long) (random.nextDouble() * 3_000);
      rows.add(make.watch(offset, takeTeacher(), projects.open(), (windowMs - offset) / 1000));
    }
    int enrollers = teachers / 4;
    for (int i = 0; i < enrollers; i++) {
      long offset = (long) (random.nextDouble() * windowMs / 2);
      rows.add(make.enroll(offset, takeTeacher(), projects.open()));
    }
    addCappedRush(rows, make, Math.min(capacityAttempts(), teachers / 8));
    while (rows.size() < teachers) {
      rows.add(make.login((long) (random.nextDouble() * windowMs / 2), takeTeacher()));
    }
    addDashboards(rows, make, 1, windowMs - 5_000);
    return rows;
  }

  private void addOpeningRush(List<TraceEvent> rows, EventFactory make, ArrivalCurve curve,
      double enrollShare) {
    int arrivals = openingArrivals();
    for (int i = 0; i < arrivals; i++) {
      long offset = curve.drawOffsetMs(random);
      String teacher = takeTeacher();
      rows.add(random.nextDouble() < enrollShare
          ? make.enroll(offset, teacher, projects.open())
          : make.login(offset, teacher));
    }
  }

  /** Many more teachers than seats hit a capped project in its first minute. */
  private void addCappedRush(List<TraceEvent> rows, EventFactory make, int attempts) {
    if (!projects.hasCapped()) {
      notes.add("capacity-limited enrollment SKIPPED: " + projects.cappedSkipReason());
      return;
    }
    for (int i = 0; i < attempts; i++) {
      long offset = (long) (random.nextDouble() * CAPPED_RUSH_MS);
      rows.add(make.enroll(offset, takeTeacher(), projects.capped()));
    }
    notes.add(attempts + " attempts at capacity-limited project " + projects.capped());
  }

  private void addDashboards(List<TraceEvent> rows, EventFactory make, int count, long windowMs) {
    if (population.admins().isEmpty()) {
      notes.add("live dashboards SKIPPED: no active admin account in the database");
      return;
    }
    long holdSeconds = Math.min(model.longValue("dashboards.holdSeconds"), windowMs / 1000);
    for (int i = 0; i < count; i++) {
      String admin = population.admins().get(i % population.admins().size());
      rows.add(make.dashboard((long) (random.nextDouble() * 5_000), admin, holdSeconds));
    }
  }

  private int openingArrivals() {
    int city = model.integer("teachers");
    if (city > population.teachers().size()) {
      notes.add("the database holds " + population.teachers().size() + " teachers, fewer than "
          + city + ": some arrive more than once (harmless for login and enroll)");
    }
    return (int) Math.round(city * model.decimal("enrollment.firstHalfHourShare"));
  }

  private int capacityAttempts() {
    return model.integer("enrollment.cappedCapacity")
        * model.integer("enrollment.cappedOversubscription");
  }

  private ArrivalCurve curve(long windowMs) {
    return new ArrivalCurve(model.decimal("enrollment.arrivalHalfLifeMinutes"), windowMs);
  }

  private long seconds(String key) {
    return model.longValue(key) * 1000;
  }

  private String takeTeacher() {
    return population.teacher(nextTeacher++);
  }
}
