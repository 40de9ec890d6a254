package org.jijiao.loadtest.report;

import java.util.Map;
import java.util.Properties;

/** The summary's account of the heartbeat ceiling phase: set-up, rounds, errors, reading. */
final class CeilingSection {

  /** A heartbeat interval of this many seconds turns a rate into the watchers it serves. */
  private static final int INTERVAL_SECONDS = 15;

  private CeilingSection() {
  }

  static String render(RunFiles files, Figures figures) {
    Properties c = files.ceiling();
    StringBuilder page = new StringBuilder("\n## Heartbeat ceiling (wrk, after the replay)\n\n");
    if (!figures.ceilingRan()) {
      String absence = figures.ceilingAbsence();
      if (absence.startsWith("not part")) {
        return "";
      }
      return page.append("Not measured: ").append(absence).append(".\n").toString();
    }
    page.append(String.format("%s play sessions opened in %s s (teachers not in the trace,"
            + " signed in at %s/s): %s.%n%n", c.getProperty("sessions"),
        c.getProperty("setupSeconds"), Format.num(figures.ceilingNumber("loginsPerSecond")),
        c.getProperty("setup")));
    page.append("Rounds alternate with the same wrk threads, connections and Lua script (only"
        + " the URL differs); latencies in ms.\n\n"
        + "| round | req/s | p50 | p99 | max | non-2xx | 503 (without Retry-After) |"
        + " socket errors | machine busy | server CPU | Redis CPU | wrk CPU |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, String> row : files.ceilingRounds()) {
      page.append(String.format(
          "| %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s %% | %s %% | %s %% | %s %% |%n",
          row.get("round"), Format.num(Csv.number(row, "rps")), row.get("p50Ms"),
          row.get("p99Ms"), row.get("maxMs"), row.get("non2xx"), row.get("status503"),
          row.get("status503WithoutRetryAfter"), row.get("socketErrors"),
          row.get("machineBusyPct"), row.get("serverCpuPct"), row.get("redisCpuPct"),
          row.get("wrkCpuPct")));
    }
    page.append("\nCPU is % of one core (server, Redis, wrk) or of the whole machine (busy).\n");
    double beats = figures.ceilingNumber("heartbeat.rps");
    double bare = figures.ceilingNumber("bare.rps");
    page.append(String.format("%nMedian heartbeat round %s/s (p50 %s ms, p99 %s ms; runs %s),"
            + " median bare POST round %s/s (runs %s): ratio **%s**. Heartbeat answers by"
            + " status %s; bare %s.%n",
        Format.num(beats), c.getProperty("heartbeat.p50Ms"), c.getProperty("heartbeat.p99Ms"),
        c.getProperty("heartbeat.runs"), Format.num(bare), c.getProperty("bare.runs"),
        Format.ratio(beats, bare), c.getProperty("heartbeat.statuses"),
        c.getProperty("bare.statuses")));
    if (!figures.sustainedMissing().isEmpty()) {
      page.append("\n**").append(figures.sustainedMissing())
          .append("**: the figures table reports no sustained rate.\n");
    }
    page.append(String.format("%nReading it: at one beat every %d s, %s heartbeats/s serve"
            + " about %s watchers. What bounded the heartbeat rounds: %s. wrk and Redis share"
            + " the two cores with the server, so this is the server's rate on this whole"
            + " shared box, and the bare route is measured under the same handicap.%n",
        INTERVAL_SECONDS, Format.num(beats), Format.count(beats * INTERVAL_SECONDS),
        figures.ceilingLimit()));
    page.append(String.format("%nAcknowledgements: after the last round each session's state"
            + " was read back with a beat at seq 0 (below every seq sent: it changes nothing"
            + " and answers the current state). Watched seconds never go down, so that answer"
            + " is at least every acknowledgement wrk received; %s (teacher, video) pairs"
            + " (%s watched seconds in all) went to `record/acks-ceiling.csv` for the checker;"
            + " refused read-backs: %s.%n", c.getProperty("readBack.acknowledged", "0"),
        c.getProperty("readBack.watchedSeconds", "0"), c.getProperty("readBack.refused", "0")));
    if (c.getProperty("tokens.refreshed") != null) {
      page.append(String.format("%nAccess tokens refreshed between rounds: %s (refused: %s).%n",
          c.getProperty("tokens.refreshed"), c.getProperty("tokens.refreshRefused", "0")));
    }
    if (c.getProperty("notes") != null) {
      page.append("\nNote: ").append(c.getProperty("notes")).append(".\n");
    }
    return page.toString();
  }
}
