package org.jijiao.loadtest.ceiling;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jijiao.loadtest.record.ProcStat;

/**
 * One closed-loop wrk run of the ceiling phase, with what the machine, the server, Redis
 * and wrk itself spent meanwhile (from /proc): on two shared cores the rate is the server's
 * share of a machine that wrk and Redis use too, and a single-threaded Redis or wrk near a
 * full core is a limit of its own. The summary says which.
 */
final class WrkRound {

  /** What one round measured. Latencies in ms; statuses counted by wrk's response(). */
  record Result(String kind, double rps, double p50Ms, double p99Ms, double maxMs,
      long requests, Map<Integer, Long> statuses, long status503WithoutRetryAfter,
      long socketErrors, double machineBusyPct, double serverCpuPct, double redisCpuPct,
      double wrkCpuPct, double serverHotThreadPct, String serverHotThread) {

    long non2xx() {
      return statuses.entrySet().stream()
          .filter(entry -> entry.getKey() / 100 != 2)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    long count(int status) {
      return statuses.getOrDefault(status, 0L);
    }
  }

  private final Path script;
  private final Path dir;
  private final int threads;
  private final int connections;
  private final String serverPid;
  private final String selfPid = Long.toString(ProcessHandle.current().pid());
  /** Every redis-server on the machine: the server's Redis is local in these runs. */
  private final List<String> redisPids = ProcStat.pidsNamed("redis-server");

  WrkRound(Path script, Path dir, int threads, int connections, String serverPid) {
    this.script = script;
    this.dir = dir;
    this.threads = threads;
    this.connections = connections;
    this.serverPid = serverPid;
  }

  /** kind names the round in the files it leaves: bare-1, heartbeat-1, heartbeat-warmup. */
  Result run(String kind, String url, int seconds, long seqBase)
      throws IOException, InterruptedException {
    Path result = dir.resolve(kind + ".properties");
    Files.deleteIfExists(result);
    double serverBefore = serverPid == null ? -1 : ProcStat.cpuSeconds(serverPid);
    Map<String, Double> threadsBefore = serverPid == null ? Map.of()
        : ProcStat.threadCpuSeconds(serverPid);
    double redisBefore = redisCpu();
    double wrkBefore = ProcStat.childrenCpuSeconds(selfPid);
    long[] machineBefore = ProcStat.machineTicks();
    long started = System.nanoTime();
    Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections,
        "-d" + seconds + "s", "-s", script.toString(), url,
        "--", Integer.toString(threads), result.toString(), Long.toString(seqBase))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(kind + ".wrk.txt").toFile())
        .start();
    int exit = wrk.waitFor();
    double elapsed = (System.nanoTime() - started) / 1e9;
    long[] machineAfter = ProcStat.machineTicks();
    double serverAfter = serverPid == null ? -1 : ProcStat.cpuSeconds(serverPid);
    double redisAfter = redisCpu();
    Map<String, Double> threadsAfter = serverPid == null ? Map.of()
        : ProcStat.threadCpuSeconds(serverPid);
    // The server's busiest thread: one event loop or client thread at a full core is a
    // limit however idle the other core is.
    Map.Entry<String, Double> hot = threadsAfter.entrySet().stream()
        .filter(entry -> threadsBefore.containsKey(entry.getKey()))
        .map(entry -> Map.entry(entry.getKey(),
            entry.getValue() - threadsBefore.get(entry.getKey())))
        .max(Map.Entry.comparingByValue())
        .orElse(Map.entry("-", -1.0));
    // wrk has exited and been waited for: its CPU is now in this JVM's children's times.
    double wrkAfter = ProcStat.childrenCpuSeconds(selfPid);
    if (exit != 0 || !Files.exists(result)) {
      throw new IOException("wrk " + kind + " exited " + exit + " without a result; see "
          + dir.resolve(kind + ".wrk.txt"));
    }
    Properties values = new Properties();
    try (Reader in = Files.newBufferedReader(result, StandardCharsets.UTF_8)) {
      values.load(in);
    }
    Map<Integer, Long> statuses = new TreeMap<>();
    values.stringPropertyNames().stream()
        .filter(key -> key.startsWith("status."))
        .forEach(key -> statuses.put(Integer.parseInt(key.substring(7)),
            Long.parseLong(values.getProperty(key))));
    long requests = number(values, "requests");
    double durationS = number(values, "durationUs") / 1e6;
    long socketErrors = number(values, "errors.connect") + number(values, "errors.read")
        + number(values, "errors.write") + number(values, "errors.timeout");
    long machineTotal = machineAfter[1] - machineBefore[1];
    return new Result(kind, durationS > 0 ? requests / durationS : 0,
        number(values, "p50Us") / 1000.0, number(values, "p99Us") / 1000.0,
        number(values, "maxUs") / 1000.0, requests, statuses,
        number(values, "status503WithoutRetryAfter"), socketErrors,
        machineTotal <= 0 ? -1 : 100.0 * (machineAfter[0] - machineBefore[0]) / machineTotal,
        percent(serverBefore, serverAfter, elapsed), percent(redisBefore, redisAfter, elapsed),
        percent(wrkBefore, wrkAfter, elapsed),
        hot.getValue() < 0 ? -1 : 100 * hot.getValue() / elapsed,
        hot.getKey().substring(hot.getKey().indexOf(' ') + 1));
  }

  /** Share of one core used between two CPU readings, or -1 when either is missing. */
  private static double percent(double before, double after, double seconds) {
    return before < 0 || after < 0 ? -1 : 100 * (after - before) / seconds;
  }

  private double redisCpu() {
    if (redisPids.isEmpty()) {
      return -1;
    }
    double total = 0;
    for (String pid : redisPids) {
      double seconds = ProcStat.cpuSeconds(pid);
      if (seconds < 0) {
        return -1;
      }
      total += seconds;
    }
    return total;
  }

  private static long number(Properties values, String key) {
    String value = values.getProperty(key);
    return value == null ? 0 : Long.parseLong(value.trim());
  }
}
