package org.jijiao.loadtest.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.server.Settings;

/**
 * Writes the replayable trace of one scenario: {@code TraceGenerator <scenario> <trace.csv>}.
 * Beside it, {@code <trace.csv>.meta} records what the trace could not include and why,
 * so the summary can say it.
 */
public final class TraceGenerator {

  private static final int MAX_ADMINS = 200;

  private TraceGenerator() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TraceGenerator <login|enroll|heartbeat|mixed|smoke> <trace.csv>");
      System.exit(2);
    }
    String scenario = args[0];
    Path out = Path.of(args[1]);
    PeakModel model = PeakModel.load();
    Settings settings = Settings.fromEnvironment();

    try (Connection db = DriverManager.getConnection(settings.jdbcUrl())) {
      Population population = Population.read(db, model.integer("teachers"), MAX_ADMINS,
          model.longValue("seed"));
      if (population.teachers().isEmpty()) {
        throw new IllegalStateException("no ACTIVE TEACHER account without a forced password"
            + " change in " + settings.jdbcUrl() + ": seed the database first"
            + " (SEED_FORCE_PASSWORD_CHANGE=false)");
      }
      Projects projects = needsCapped(scenario)
          ? new CappedProjectSetup(model, settings, db).resolve()
          : new Projects(Projects.FIRST_OPEN, null, "not part of this scenario");
      TracePlanner planner = new TracePlanner(model, population, projects);
      List<TraceEvent> events = planner.plan(scenario);
      TraceFile.write(out, events);
      writeMeta(out, scenario, population, projects, planner, events.size());
      System.out.printf("trace %s: %d rows from %d teachers -> %s%n",
          scenario, events.size(), population.teachers().size(), out);
      planner.notes().forEach(note -> System.out.println("  note: " + note));
    }
  }

  private static boolean needsCapped(String scenario) {
    return List.of("enroll", "mixed", "smoke").contains(scenario);
  }

  private static void writeMeta(Path trace, String scenario, Population population,
      Projects projects, TracePlanner planner, int rows) throws IOException {
    Properties meta = new Properties();
    meta.setProperty("scenario", scenario);
    meta.setProperty("rows", Integer.toString(rows));
    meta.setProperty("population", Integer.toString(population.teachers().size()));
    meta.setProperty("admins", Integer.toString(population.admins().size()));
    meta.setProperty("cappedProject", projects.hasCapped() ? projects.capped() : "");
    meta.setProperty("notes", String.join(" | ", planner.notes()));
    meta.setProperty("watch.schedule", StepPlan.format(planner.schedule()));
    Path file = Path.of(trace + ".meta");
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      meta.store(writer, "what the trace holds and what it had to leave out");
    }
  }
}
