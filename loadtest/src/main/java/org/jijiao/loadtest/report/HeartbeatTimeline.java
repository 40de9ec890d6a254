package org.jijiao.loadtest.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Heartbeat load minute by minute, beside the generator's CPU at the same time: the table
 * that shows at which number of watchers the server, or the generator, stopped keeping up.
 */
final class HeartbeatTimeline {

  private static final int MINUTE = 60;

  private HeartbeatTimeline() {
  }

  static String render(RunFiles files) {
    Map<Long, double[]> beats = new TreeMap<>();
    for (Map<String, String> row : files.windows()) {
      if (!"Heartbeat".equals(row.get("request"))) {
        continue;
      }
      double[] minute = beats.computeIfAbsent((long) Csv.number(row, "windowStartS") / MINUTE,
          key -> new double[4]);
      minute[0] += Csv.number(row, "ok");
      minute[1] += Csv.number(row, "status503");
      minute[2] = Math.max(minute[2], Csv.number(row, "p99"));
      minute[3] += Csv.number(row, "windowS");
    }
    if (beats.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder("\n## Heartbeats over time\n\n"
        + "| minute | watchers (max) | beats/s | worst 10 s p99 ms | 503 | generator CPU | machine busy |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|\n");
    beats.forEach((minute, values) -> {
      List<Map<String, String>> samples = files.resources().stream()
          .filter(row -> (long) Csv.number(row, "elapsedS") / MINUTE == minute)
          .toList();
      table.append(String.format("| %d | %s | %s | %s | %s | %s | %s |%n", minute,
          Format.count(max(samples, "watchers")), Format.num(values[0] / values[3]),
          Format.count(values[2]), Format.count(values[1]),
          Format.num(mean(samples, "generatorCpuPct")) + " %",
          Format.num(mean(samples, "machineBusyPct")) + " %"));
    });
    return table.toString();
  }

  private static double max(List<Map<String, String>> rows, String column) {
    return rows.stream().mapToDouble(row -> Csv.number(row, column)).max().orElse(Double.NaN);
  }

  private static double mean(List<Map<String, String>> rows, String column) {
    return rows.stream().mapToDouble(row -> Csv.number(row, column)).filter(v -> v >= 0)
        .average().orElse(Double.NaN);
  }
}
