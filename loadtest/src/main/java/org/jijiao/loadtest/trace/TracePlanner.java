package org.jijiao.loadtest.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jijiao.loadtest.model.PeakModel;

/**
 * Turns the peak model into the rows of one scenario. Teachers are taken from the shuffled
 * population in order, so within a scenario nobody arrives twice unless the seeded database
 * is smaller than the model asks for; that case is written into the notes.
 */
public final class TracePlanner {

  private static final long CAPPED_RUSH_MS = 60_000;
  /** The answers on a watcher's way to the player (lists, enrollment, session) take time too. */
  private static final long SETTLE_REQUESTS_MS = 5_000;

  private final PeakModel model;
  private final Population population;
  private final Projects projects;
  private final Random random;
  private final List<String> notes = new ArrayList<>();
  private final List<StepPlan> schedule = new ArrayList<>();
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

  /**
   * Watchers join step by step. They sign in one after another at watch.loginsPerSecond,
   * below the machine's Argon2id rate, so a step measures heartbeats and not the login
   * queue. A step holds for watch.stepSeconds only once its newcomers can all be beating:
   * after the last login, the longest think times of the way to the player and one
   * heartbeat interval. Everyone watches until the last step ends.
   */
  private List<TraceEvent> heartbeat() {
    double loginsPerSecond = model.decimal("watch.loginsPerSecond");
    double thinkScale = model.decimal("watch.stepThinkScale");
    long holdMs = seconds("watch.stepSeconds");
    long settleMs = settleMs(thinkScale);
    long at = 0;
    int watching = 0;
    for (int step : model.integers("watch.steps")) {
      int target = Math.min(step, population.teachers().size());
      if (target < step) {
        notes.add("step " + step + " watchers capped at the population of " + target
            + " teachers: one teacher can hold only one live play session");
      }
      int newcomers = Math.max(0, target - watching);
      long holdStart = at + loginMs(newcomers, loginsPerSecond) + settleMs;
      schedule.add(new StepPlan(Math.max(target, watching), at, holdStart, holdStart + holdMs));
      at = holdStart + holdMs;
      watching = Math.max(watching, target);
    }
    long endMs = at;
    EventFactory make = new EventFactory(model, random, thinkScale);
    List<TraceEvent> rows = new ArrayList<>();
    watching = 0;
    for (StepPlan step : schedule) {
      for (int i = 0; watching < step.watchers(); watching++, i++) {
        long offset = step.rampStartMs() + loginMs(i, loginsPerSecond);
        rows.add(make.watch(offset, takeTeacher(), projects.open(), (endMs - offset) / 1000));
      }
    }
    notes.add(String.format(Locale.ROOT, "watchers sign in at %.0f/s; each step holds %d s once"
        + " its newcomers are in (%d s after its last login); %d s in all",
        loginsPerSecond, holdMs / 1000, settleMs / 1000, endMs / 1000));
    return rows;
  }

  /** How long after a step's last login its slowest newcomer may send a first beat. */
  private long settleMs(double thinkScale) {
    double thinkSeconds = (model.think("afterLogin").maxSeconds()
        + model.think("beforeSelect").maxSeconds()
        + model.think("beforePlay").maxSeconds()) * thinkScale;
    double beatSeconds = model.integer("watch.heartbeatSeconds")
        * (1 + model.decimal("watch.jitterShare"));
    return Math.round((thinkSeconds + beatSeconds) * 1000) + SETTLE_REQUESTS_MS;
  }

  private static long loginMs(int logins, double perSecond) {
    return Math.round(logins * 1000 / perSecond);
  }

  /** The steps of the heartbeat scenario as planned; empty for the other scenarios. */
  public List<StepPlan> schedule() {
    return schedule;
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
