package org.jijiao.loadtest.ceiling;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Year;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.record.AckLedger;
import org.jijiao.loadtest.server.JijiaoClient;
import org.jijiao.loadtest.server.Settings;
import org.jijiao.loadtest.trace.Population;
import org.jijiao.loadtest.trace.TraceEvent;
import org.jijiao.loadtest.trace.TraceFile;

/**
 * The heartbeat ceiling: {@code CeilingPhase <reportDir> [serverPid]}, run after the replay.
 * Opens ceiling.sessions play sessions (teachers not in the trace, signed in at
 * watch.loginsPerSecond), then alternates closed-loop wrk rounds on the bare POST route and
 * on POST /api/learn/heartbeats with the same threads, connections and script, and writes
 * {@code ceiling.properties} and {@code ceiling/rounds.csv} for the summary.
 *
 * <p>Acknowledgements: wrk cannot tell which session an answer belongs to, so after the last
 * round every session's state is read back with one more beat at seq 0 (at or below its last
 * seq, so the server changes nothing and answers the current state). Watched seconds never
 * go down, so the read-back is at least every acknowledgement wrk saw for that session; it
 * goes to {@code record/acks-ceiling.csv} and the checker holds PostgreSQL to it.
 */
public final class CeilingPhase {

  /** seq base added per wrk process: far above the beats one session gets in a round. */
  private static final long SEQ_STRIDE = 10_000_000L;
  /** wrk start and stop, token refreshes and the script between rounds, per round. */
  private static final double ROUND_OVERHEAD_SECONDS = 2;
  private static final int READ_BACK_WORKERS = 8;

  private final PeakModel model = PeakModel.load();
  private final Settings settings = Settings.fromEnvironment();
  private final Path report;
  private final Path dir;
  private final String serverPid;
  private final Properties out = new Properties();
  private final List<String> notes = new ArrayList<>();

  private CeilingPhase(Path report, String serverPid) {
    this.report = report;
    this.dir = report.resolve("ceiling");
    this.serverPid = serverPid;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: CeilingPhase <reportDir> [serverPid]");
      System.exit(2);
    }
    String pid = args.length > 1 && !args[1].isBlank() ? args[1] : null;
    CeilingPhase phase = new CeilingPhase(Path.of(args[0]), pid);
    int status;
    try {
      status = phase.run();
    } catch (Exception e) {
      phase.out.setProperty("failed", String.valueOf(e));
      e.printStackTrace();
      status = 2;
    }
    phase.store();
    System.exit(status);
  }

  private int run() throws Exception {
    Files.createDirectories(dir);
    int wanted = model.integer("ceiling.sessions");
    int rounds = model.integer("ceiling.rounds");
    int seconds = model.integer("ceiling.seconds");
    int warmup = model.integer("ceiling.warmupSeconds");
    double budget = warmup + 2.0 * rounds * seconds
        + (2 * rounds + 1) * ROUND_OVERHEAD_SECONDS + 10;

    JijiaoClient client = new JijiaoClient(settings.baseUrl());
    String year = model.text("enrollment.year").isEmpty()
        ? Integer.toString(Year.now().getValue()) : model.text("enrollment.year");
    double loginsPerSecond = model.decimal("watch.loginsPerSecond");
    SessionOpener opener = new SessionOpener(client, settings.teacherPassword(), year,
        loginsPerSecond, model.retryPolicy(), model.decimal("ceiling.positionRate"), budget);
    long setupStart = System.currentTimeMillis();
    List<PlaySession> sessions = opener.open(teachers(wanted));
    out.setProperty("setupSeconds",
        Long.toString((System.currentTimeMillis() - setupStart) / 1000));
    out.setProperty("setup", opener.endings().entrySet().stream()
        .map(entry -> entry.getKey() + ": " + entry.getValue())
        .collect(Collectors.joining("; ")));
    out.setProperty("loginsPerSecond", Format.decimal(loginsPerSecond));
    System.out.printf("ceiling: %d of %d sessions open (%s)%n", sessions.size(), wanted,
        out.getProperty("setup"));
    if (sessions.isEmpty()) {
      out.setProperty("failed", "no play session could be opened: " + out.getProperty("setup"));
      return 2;
    }

    int threads = Math.min(model.integer("ceiling.threads"), sessions.size());
    int connections = Math.max(threads, model.integer("ceiling.connections"));
    if (sessions.size() < 2 * connections) {
      notes.add(sessions.size() + " sessions for " + connections + " connections: one"
          + " session's beats may overlap and take the server's cheaper duplicate path");
    }
    out.setProperty("sessions", Integer.toString(sessions.size()));
    out.setProperty("threads", Integer.toString(threads));
    out.setProperty("connections", Integer.toString(connections));
    out.setProperty("seconds", Integer.toString(seconds));
    out.setProperty("rounds", Integer.toString(rounds));
    out.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));

    Path script = dir.resolve("heartbeat.lua");
    double phaseStart = System.currentTimeMillis() / 1000.0;
    WrkRound wrk = new WrkRound(script, dir, threads, connections, serverPid);
    String bareUrl = settings.baseUrl() + "/bench/bare";
    String beatUrl = settings.baseUrl() + "/api/learn/heartbeats";
    List<WrkRound.Result> results = new ArrayList<>();
    try {
      WrkScript.write(script, sessions, phaseStart);
      long seqBase = 0;
      if (warmup > 0) {
        results.add(wrk.run("heartbeat-warmup", beatUrl, warmup, seqBase));
      }
      for (int round = 1; round <= rounds; round++) {
        if (refreshDue(sessions, 2L * seconds)) {
          sessions = refreshAll(sessions, opener);
          WrkScript.write(script, sessions, phaseStart);
        }
        results.add(wrk.run("bare-" + round, bareUrl, seconds, seqBase += SEQ_STRIDE));
        results.add(wrk.run("heartbeat-" + round, beatUrl, seconds, seqBase += SEQ_STRIDE));
      }
    } finally {
      // The script holds bearer tokens: it does not outlive the phase.
      Files.deleteIfExists(script);
    }
    writeRounds(results);
    summarise(results);
    readBack(sessions, client, opener);
    out.setProperty("ran", "true");
    return 0;
  }

  /**
   * Teachers of the shuffled population taken from its end, those not in the trace first.
   * A small database may have too few of those (mixed takes most of the city); the replay
   * is over by now, so a trace teacher's new session supersedes nothing in use.
   */
  private List<String> teachers(int wanted) throws Exception {
    Set<String> inTrace = new HashSet<>();
    Path trace = report.resolve("trace.csv");
    if (Files.exists(trace)) {
      TraceFile.read(trace).stream().map(TraceEvent::idNumber).forEach(inTrace::add);
    }
    List<String> population;
    try (Connection db = DriverManager.getConnection(settings.jdbcUrl())) {
      population = Population.read(db, model.integer("teachers"), 1, model.longValue("seed"))
          .teachers();
    }
    List<String> chosen = new ArrayList<>();
    for (int i = population.size() - 1; i >= 0 && chosen.size() < wanted; i--) {
      if (!inTrace.contains(population.get(i))) {
        chosen.add(population.get(i));
      }
    }
    int outside = chosen.size();
    for (int i = population.size() - 1; i >= 0 && chosen.size() < wanted; i--) {
      if (inTrace.contains(population.get(i))) {
        chosen.add(population.get(i));
      }
    }
    if (outside < wanted) {
      notes.add("only " + outside + " teachers outside the trace: " + (chosen.size() - outside)
          + " of the replay's teachers reused (the replay is over)");
    }
    if (chosen.size() < wanted) {
      notes.add("the population holds only " + chosen.size() + " teachers for " + wanted
          + " sessions");
    }
    return chosen;
  }

  private static boolean refreshDue(List<PlaySession> sessions, long nextSeconds) {
    long needed = System.currentTimeMillis() + (nextSeconds + 30) * 1000;
    return sessions.stream().anyMatch(session -> session.tokens().expiresAtMs() < needed);
  }

  /** Every session's teacher trades the refresh token for a new pair; refused ones drop out. */
  private List<PlaySession> refreshAll(List<PlaySession> sessions, SessionOpener opener)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(READ_BACK_WORKERS);
    try {
      List<Future<PlaySession>> pending = new ArrayList<>();
      for (PlaySession session : sessions) {
        pending.add(pool.submit(() -> {
          try {
            return opener.refresh(session.tokens()).map(session::withTokens).orElse(null);
          } catch (IOException e) {
            return null;
          }
        }));
      }
      List<PlaySession> kept = new ArrayList<>();
      for (Future<PlaySession> future : pending) {
        PlaySession session = get(future);
        if (session != null) {
          kept.add(session);
        }
      }
      add("tokens.refreshed", kept.size());
      add("tokens.refreshRefused", sessions.size() - kept.size());
      return kept;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One beat at seq 0 per session: the server's current state, recorded as acknowledged. */
  private void readBack(List<PlaySession> sessions, JijiaoClient client, SessionOpener opener)
      throws Exception {
    AckLedger ledger = new AckLedger();
    Map<Integer, Long> refused = new TreeMap<>();
    long watched = 0;
    ExecutorService pool = Executors.newFixedThreadPool(READ_BACK_WORKERS);
    try {
      List<Future<JijiaoClient.Answer>> pending = new ArrayList<>();
      for (PlaySession session : sessions) {
        pending.add(pool.submit(() -> readOne(session, client, opener)));
      }
      for (int i = 0; i < sessions.size(); i++) {
        JijiaoClient.Answer answer = get(pending.get(i));
        if (answer.status() == 200 && answer.body().has("watchedSeconds")) {
          int seconds = answer.body().get("watchedSeconds").asInt();
          ledger.acknowledge(sessions.get(i).idNumber(), sessions.get(i).videoId(), seconds);
          watched += seconds;
        } else {
          refused.merge(answer.status(), 1L, Long::sum);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Path record = report.resolve("record");
    Files.createDirectories(record);
    ledger.write(record.resolve("acks-ceiling.csv"));
    out.setProperty("readBack.acknowledged", Integer.toString(ledger.size()));
    out.setProperty("readBack.watchedSeconds", Long.toString(watched));
    out.setProperty("readBack.refused", refused.isEmpty() ? "0" : refused.toString());
  }

  /** The answer to the read-back beat; status 0 when none came. */
  private JijiaoClient.Answer readOne(PlaySession session, JijiaoClient client,
      SessionOpener opener) throws InterruptedException {
    try {
      return readOnce(session, client, opener);
    } catch (IOException e) {
      return new JijiaoClient.Answer(0, com.fasterxml.jackson.databind.node.JsonNodeFactory
          .instance.objectNode(), null);
    }
  }

  private JijiaoClient.Answer readOnce(PlaySession session, JijiaoClient client,
      SessionOpener opener) throws IOException, InterruptedException {
    Map<String, Object> beat = Map.of("sessionId", session.sessionId(), "seq", 0,
        "position", session.resumeAt(), "playing", true);
    JijiaoClient.Answer answer = client.post("/api/learn/heartbeats",
        session.tokens().access(), beat);
    if (answer.status() == 401) {
      // The token expired since the last round: trade it once, as the portal would.
      PlaySession.Tokens fresh = opener.refresh(session.tokens()).orElse(null);
      if (fresh != null) {
        answer = client.post("/api/learn/heartbeats", fresh.access(), beat);
      }
    }
    return answer;
  }

  private void writeRounds(List<WrkRound.Result> results) throws IOException {
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(dir.resolve("rounds.csv"),
        StandardCharsets.UTF_8))) {
      csv.println("round,rps,p50Ms,p99Ms,maxMs,requests,non2xx,status503,"
          + "status503WithoutRetryAfter,socketErrors,machineBusyPct,serverCpuPct,redisCpuPct,"
          + "wrkCpuPct,serverHotThreadPct,serverHotThread");
      for (WrkRound.Result r : results) {
        csv.printf(Locale.ROOT,
            "%s,%.0f,%.2f,%.2f,%.2f,%d,%d,%d,%d,%d,%.0f,%.0f,%.0f,%.0f,%.0f,%s%n",
            r.kind(), r.rps(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.requests(), r.non2xx(),
            r.count(503), r.status503WithoutRetryAfter(), r.socketErrors(), r.machineBusyPct(),
            r.serverCpuPct(), r.redisCpuPct(), r.wrkCpuPct(), r.serverHotThreadPct(),
            r.serverHotThread().replace(',', ' '));
      }
    }
  }

  /** The median round of each kind by rate, and the error counts of every round. */
  private void summarise(List<WrkRound.Result> results) {
    for (String kind : List.of("bare", "heartbeat")) {
      List<WrkRound.Result> all = results.stream()
          .filter(r -> r.kind().startsWith(kind)).toList();
      List<WrkRound.Result> measured = all.stream()
          .filter(r -> !r.kind().endsWith("warmup"))
          .sorted(Comparator.comparingDouble(WrkRound.Result::rps)).toList();
      WrkRound.Result median = measured.get(measured.size() / 2);
      out.setProperty(kind + ".rps", Format.decimal(median.rps()));
      out.setProperty(kind + ".p50Ms", Format.decimal(median.p50Ms()));
      out.setProperty(kind + ".p99Ms", Format.decimal(median.p99Ms()));
      out.setProperty(kind + ".worstP99Ms", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::p99Ms).max().orElse(-1)));
      out.setProperty(kind + ".runs", measured.stream()
          .map(r -> String.format(Locale.ROOT, "%,.0f", r.rps()))
          .collect(Collectors.joining(" / ")));
      out.setProperty(kind + ".machineBusyPct", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::machineBusyPct).average().orElse(-1)));
      out.setProperty(kind + ".serverCpuPct", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::serverCpuPct).average().orElse(-1)));
      out.setProperty(kind + ".redisCpuPct", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::redisCpuPct).average().orElse(-1)));
      out.setProperty(kind + ".wrkCpuPct", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::wrkCpuPct).average().orElse(-1)));
      out.setProperty(kind + ".serverHotThreadPct", Format.decimal(measured.stream()
          .mapToDouble(WrkRound.Result::serverHotThreadPct).average().orElse(-1)));
      out.setProperty(kind + ".serverHotThread", median.serverHotThread());
      // Errors count in every round, the warm-up included: none may go unreported.
      Map<Integer, Long> statuses = new TreeMap<>();
      all.forEach(r -> r.statuses().forEach((status, n) -> statuses.merge(status, n, Long::sum)));
      out.setProperty(kind + ".statuses", statuses.toString());
      out.setProperty(kind + ".answers", Long.toString(
          statuses.values().stream().mapToLong(Long::longValue).sum()));
      out.setProperty(kind + ".non2xx", Long.toString(
          all.stream().mapToLong(WrkRound.Result::non2xx).sum()));
      out.setProperty(kind + ".status503", Long.toString(
          all.stream().mapToLong(r -> r.count(503)).sum()));
      out.setProperty(kind + ".status503WithoutRetryAfter", Long.toString(
          all.stream().mapToLong(WrkRound.Result::status503WithoutRetryAfter).sum()));
      out.setProperty(kind + ".socketErrors", Long.toString(
          all.stream().mapToLong(WrkRound.Result::socketErrors).sum()));
    }
  }

  private void add(String key, long value) {
    out.setProperty(key, Long.toString(Long.parseLong(out.getProperty(key, "0")) + value));
  }

  private void store() throws IOException {
    if (!notes.isEmpty()) {
      out.setProperty("notes", String.join("; ", notes));
    }
    try (Writer writer = Files.newBufferedWriter(report.resolve("ceiling.properties"),
        StandardCharsets.UTF_8)) {
      out.store(writer, "heartbeat ceiling phase (wrk): see docs/loadtest.md");
    }
    out.stringPropertyNames().stream().sorted()
        .forEach(key -> System.out.println("  " + key + " = " + out.getProperty(key)));
  }

  private static <T> T get(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Plain numbers for the properties file: no grouping, a dot for decimals. */
  private static final class Format {
    static String decimal(double value) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
  }
}
