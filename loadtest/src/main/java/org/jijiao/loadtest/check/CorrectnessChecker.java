package org.jijiao.loadtest.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.server.Settings;

/**
 * Judges the database after a run: {@code CorrectnessChecker <recordDir> <out.md>}.
 * recordDir holds acks.csv and run.properties from the simulation, and acks-ceiling.csv
 * when the heartbeat ceiling phase ran. Exits 1 when any
 * invariant is broken, however fast the run was; an invariant that could not be checked
 * is reported loudly but does not fail the run.
 */
public final class CorrectnessChecker {

  private CorrectnessChecker() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CorrectnessChecker <recordDir> <checker.md>");
      System.exit(2);
    }
    Path recordDir = Path.of(args[0]);
    PeakModel model = PeakModel.load();
    Settings settings = Settings.fromEnvironment();
    Timestamp since = new Timestamp(runStart(recordDir));

    List<String> report = new ArrayList<>();
    boolean broken = false;
    try (Connection db = DriverManager.getConnection(settings.jdbcUrl())) {
      FlushWait.Outcome flush = new FlushWait(settings, model.longValue("check.flushIntervalMs"),
          model.longValue("check.flushWaitTimeoutSeconds") * 1000).await(db);
      report.add("- flush wait: " + flush.waitedMs() + " ms — " + flush.how()
          + (flush.serverLagMs() == null ? "" : "; server flush lag " + flush.serverLagMs() + " ms"));
      List<Invariant> invariants = List.of(
          new CapacityInvariant(),
          new DuplicateInvariant(),
          new CreditedTimeInvariant(since, model.decimal("check.maxPlaybackRate"),
              model.integer("check.creditToleranceSeconds")),
          new AcknowledgedProgressInvariant(List.of(recordDir.resolve("acks.csv"),
              recordDir.resolve("acks-ceiling.csv"))));
      for (Invariant invariant : invariants) {
        CheckResult result = run(invariant, db);
        broken |= result.verdict() == CheckResult.Verdict.FAIL;
        report.add(render(result));
      }
    } catch (SQLException e) {
      broken = true;
      report.add("- **FAIL** cannot reach the database " + settings.jdbcUrl() + ": " + e.getMessage());
    }
    report.add(broken ? "\n**Correctness: FAILED**" : "\n**Correctness: passed**");
    String text = String.join("\n", report) + "\n";
    Files.writeString(Path.of(args[1]), text, StandardCharsets.UTF_8);
    System.out.print(text);
    System.exit(broken ? 1 : 0);
  }

  /** A query that fails is a failed check: an unverifiable invariant must not look green. */
  private static CheckResult run(Invariant invariant, Connection db) {
    try {
      return invariant.check(db);
    } catch (SQLException e) {
      return CheckResult.fail(invariant.name(), "query failed: " + e.getMessage(), List.of());
    }
  }

  private static String render(CheckResult result) {
    String mark = switch (result.verdict()) {
      case PASS -> "PASS";
      case FAIL -> "**FAIL**";
      case NOT_CHECKED -> "**NOT CHECKED**";
    };
    StringBuilder line = new StringBuilder("- " + mark + " " + result.name() + ": " + result.detail());
    result.examples().forEach(example -> line.append("\n  - ").append(example));
    return line.toString();
  }

  private static long runStart(Path recordDir) throws IOException {
    Path run = recordDir.resolve("run.properties");
    if (!Files.exists(run)) {
      return 0;
    }
    java.util.Properties props = new java.util.Properties();
    try (var in = Files.newBufferedReader(run)) {
      props.load(in);
    }
    return Long.parseLong(props.getProperty("startMs", "0"));
  }
}
