package org.jijiao.loadtest.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes the one-page summary of a run and refreshes its scenario's block in the
 * performance page: {@code SummaryWriter <scenario> <reportDir> <performance.md>}.
 */
public final class SummaryWriter {

  private SummaryWriter() {
  }

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    Path dir = Path.of(args[1]);
    RunFiles files = RunFiles.read(dir);
    Figures figures = new Figures(files);
    Files.writeString(dir.resolve("summary.md"), summary(scenario, files, figures),
        StandardCharsets.UTF_8);
    PerformanceDoc.update(Path.of(args[2]), scenario, PerformanceDoc.block(scenario, dir, figures));
    System.out.println("summary: " + dir.resolve("summary.md"));
  }

  static String summary(String scenario, RunFiles files, Figures figures) throws java.io.IOException {
    StringBuilder page = new StringBuilder();
    page.append("# Load test `").append(scenario).append("` — ")
        .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
        .append("\n\n");
    page.append(figures.correct() ? "**Correct.** " : "**BROKEN: correctness failed (see below).** ")
        .append(String.format("%s s at speed %s×; trace of %s rows from %s seeded teachers.%n",
            Format.num(files.durationSeconds()), files.run().getProperty("speed", "?"),
            files.trace().getProperty("rows", "?"), files.trace().getProperty("population", "?")));
    String notes = files.trace().getProperty("notes", "");
    if (!notes.isBlank()) {
      page.append("\nTrace notes: ").append(notes.replace(" | ", "; ")).append('\n');
    }

    page.append("\n## Requests (latency of accepted answers, ms)\n\n")
        .append("| request | answers | per s | p50 | p95 | p99 | 503 |\n|---|---:|---:|---:|---:|---:|---:|\n");
    double seconds = files.durationSeconds();
    for (Map<String, String> row : files.requests()) {
      page.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", row.get("request"),
          row.get("answers"), Format.num(Csv.number(row, "answers") / seconds),
          Format.ms(row.get("p50")), Format.ms(row.get("p95")), Format.ms(row.get("p99")),
          row.get("status503")));
    }

    page.append("\n## Answers by status\n\n");
    page.append("503 (overload, with Retry-After, retried by policy): **").append(figures.count503())
        .append("**; unexpected errors (4xx other than 409, 5xx, no answer): **")
        .append(figures.unexpectedErrors()).append("**\n\n| request | status | count |\n|---|---:|---:|\n");
    files.statuses().forEach(row -> page.append(String.format("| %s | %s | %s |%n",
        row.get("request"), "0".equals(row.get("status")) ? "no answer" : row.get("status"),
        row.get("count"))));

    List<Map<String, String>> visits = Csv.rows(files.dir().resolve("record").resolve("visits.csv"));
    if (!visits.isEmpty()) {
      page.append("\n## How visits ended\n\n| action | ending | visits |\n|---|---|---:|\n");
      visits.forEach(row -> page.append(String.format("| %s | %s | %s |%n",
          row.get("action"), row.get("ending"), row.get("count"))));
    }

    page.append("\n## Figures and ratios\n\n").append(PerformanceDoc.table(figures))
        .append(String.format("%nBare route (%s): GET %s/s, POST %s/s before; GET %s/s, POST %s/s after.%n",
            files.baselineBefore().getProperty("tool", "not measured"),
            files.baselineBefore().getProperty("get.rps", "n/a"),
            files.baselineBefore().getProperty("post.rps", "n/a"),
            files.baselineAfter().getProperty("get.rps", "n/a"),
            files.baselineAfter().getProperty("post.rps", "n/a")));

    page.append(figures.steps().render());
    page.append(CeilingSection.render(files, figures));
    page.append(HeartbeatTimeline.render(files));
    page.append("\n## Load generator\n\n").append(generator(figures));
    page.append("\n## Correctness (checked from PostgreSQL after the last flush)\n\n")
        .append(files.checker());
    page.append("\n## Reports\n\nGatling HTML report: `gatling/index.html`; raw records: `record/`.\n");
    return page.toString();
  }

  /** Says plainly when the figures are the generator's limit rather than the server's. */
  private static String generator(Figures figures) {
    OptionalDouble machineMax = figures.machineBusy(true);
    double saturated = figures.saturatedShare();
    // A second or two at 100 % (JVM start, a report being written) says nothing; a fifth
    // of the run does.
    String verdict = saturated >= 0.2
        ? String.format("The machine was over 95 %% busy in %.0f %% of the seconds: there the "
            + "figures may be the generator's limit, not the server's.", 100 * saturated)
        : "The machine had headroom most of the time: the generator was not the limit.";
    return String.format("Gatling JVM CPU (from /proc, %% of one core): mean %s, max %s. "
            + "Whole machine busy: mean %s, max %s.%n%s%n",
        Format.pct(figures.generatorCpu(false)), Format.pct(figures.generatorCpu(true)),
        Format.pct(figures.machineBusy(false)), Format.pct(machineMax), verdict);
  }
}
