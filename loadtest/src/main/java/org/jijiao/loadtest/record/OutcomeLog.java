package org.jijiao.loadtest.record;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every answer by request name, HTTP status and time window. Gatling only knows OK and KO;
 * the summary needs each status (a 503 with Retry-After is a planned answer, a 500 is a bug)
 * and the latency of each window to find the highest rate whose p99 stays under target.
 */
public final class OutcomeLog {

  /** Status recorded when no HTTP answer came at all (refused, reset, timed out). */
  public static final int NO_ANSWER = 0;

  private record Key(String request, long window) {
  }

  private record Cell(LongAdder answers, LongAdder ok, LongAdder overload, LatencyHistogram okLatency) {
    Cell() {
      this(new LongAdder(), new LongAdder(), new LongAdder(), new LatencyHistogram());
    }
  }

  private final long startMs;
  private final long windowMs;
  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<Key, Cell> byWindow = new ConcurrentHashMap<>();
  private final Map<String, Cell> byRequest = new ConcurrentHashMap<>();

  public OutcomeLog(long startMs, long windowMs) {
    this.startMs = startMs;
    this.windowMs = windowMs;
  }

  /** ok means the answer is one the contract allows for this request (not 503, not 5xx). */
  public void record(String request, int status, long latencyMs, boolean ok, long nowMs) {
    byStatus.computeIfAbsent(request + "," + status, key -> new LongAdder()).increment();
    count(byWindow.computeIfAbsent(new Key(request, (nowMs - startMs) / windowMs), key -> new Cell()),
        status, latencyMs, ok);
    count(byRequest.computeIfAbsent(request, key -> new Cell()), status, latencyMs, ok);
  }

  private static void count(Cell cell, int status, long latencyMs, boolean ok) {
    cell.answers().increment();
    if (status == 503) {
      cell.overload().increment();
    }
    if (ok) {
      cell.ok().increment();
      cell.okLatency().record(latencyMs);
    }
  }

  /** request,answers,ok,status503,p50,p95,p99 over the whole run (latency of OK answers) */
  public void writeRequests(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println("request,answers,ok,status503,p50,p95,p99");
      new TreeMap<>(byRequest).forEach((request, cell) -> out.printf("%s,%d,%d,%d,%d,%d,%d%n",
          request, cell.answers().sum(), cell.ok().sum(), cell.overload().sum(),
          cell.okLatency().percentile(0.50), cell.okLatency().percentile(0.95),
          cell.okLatency().percentile(0.99)));
    }
  }

  /** request,status,count */
  public void writeStatuses(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println("request,status,count");
      new TreeMap<>(byStatus).forEach((key, count) -> out.println(key + "," + count.sum()));
    }
  }

  /** request,windowStartS,windowS,answers,ok,status503,p50,p95,p99 (latency of OK answers) */
  public void writeWindows(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println("request,windowStartS,windowS,answers,ok,status503,p50,p95,p99");
      byWindow.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(
              java.util.Comparator.comparing(Key::request).thenComparingLong(Key::window)))
          .forEach(entry -> {
            Cell cell = entry.getValue();
            LatencyHistogram latency = cell.okLatency();
            out.printf("%s,%d,%d,%d,%d,%d,%d,%d,%d%n", entry.getKey().request(),
                entry.getKey().window() * windowMs / 1000, windowMs / 1000,
                cell.answers().sum(), cell.ok().sum(), cell.overload().sum(),
                latency.percentile(0.50), latency.percentile(0.95), latency.percentile(0.99));
          });
    }
  }
}
