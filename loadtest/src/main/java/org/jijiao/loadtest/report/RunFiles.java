package org.jijiao.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Everything one run left in its report folder, read once. */
record RunFiles(
    Path dir,
    List<Map<String, String>> requests,
    List<Map<String, String>> statuses,
    List<Map<String, String>> windows,
    List<Map<String, String>> resources,
    Properties run,
    Properties trace,
    Properties baselineBefore,
    Properties baselineAfter,
    Properties hashRate,
    Properties ceiling,
    List<Map<String, String>> ceilingRounds,
    String checker,
    int checkerExit) {

  static RunFiles read(Path dir) throws IOException {
    Path record = dir.resolve("record");
    Path checkerFile = dir.resolve("checker.md");
    Path exitFile = dir.resolve("checker.exit");
    return new RunFiles(
        dir,
        Csv.rows(record.resolve("requests.csv")),
        Csv.rows(record.resolve("statuses.csv")),
        Csv.rows(record.resolve("windows.csv")),
        Csv.rows(record.resolve("resources.csv")),
        Csv.properties(record.resolve("run.properties")),
        Csv.properties(dir.resolve("trace.csv.meta")),
        Csv.properties(dir.resolve("baseline-before.properties")),
        Csv.properties(dir.resolve("baseline-after.properties")),
        Csv.properties(dir.resolve("hash-rate.properties")),
        Csv.properties(dir.resolve("ceiling.properties")),
        Csv.rows(dir.resolve("ceiling").resolve("rounds.csv")),
        Files.exists(checkerFile) ? Files.readString(checkerFile, StandardCharsets.UTF_8)
            : "- **NOT RUN**: the checker left no result\n",
        Files.exists(exitFile) ? Integer.parseInt(Files.readString(exitFile).trim()) : -1);
  }

  String scenario() {
    return trace.getProperty("scenario", "");
  }

  double speed() {
    double speed = Csv.number(run, "speed");
    return speed > 0 ? speed : 1;
  }

  double durationSeconds() {
    double start = Csv.number(run, "startMs");
    double end = Csv.number(run, "endMs");
    return start < 0 || end <= start ? -1 : (end - start) / 1000;
  }
}
