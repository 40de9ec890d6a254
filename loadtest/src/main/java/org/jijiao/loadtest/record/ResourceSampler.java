package org.jijiao.loadtest.record;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Once a second: CPU of this JVM (the load generator), CPU and memory of the server when
 * its pid is known, Redis's used memory, how busy the whole machine is, and how many
 * simulated players are watching. On a 2-core box the generator competes with the server, so every figure is
 * reported next to what the generator itself cost.
 */
public final class ResourceSampler implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "resource-sampler");
    thread.setDaemon(true);
    return thread;
  });
  private final PrintWriter out;
  private final String selfPid = Long.toString(ProcessHandle.current().pid());
  private final String serverPid;
  private final IntSupplier watchers;
  private final RedisMemory redis;
  private final long startNanos = System.nanoTime();
  private double lastSelfCpu;
  private double lastServerCpu;
  private long[] lastMachine;
  private long lastNanos;

  public ResourceSampler(Path file, String serverPid, String redisUrl, IntSupplier watchers)
      throws IOException {
    this.out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    this.serverPid = serverPid == null || serverPid.isBlank() ? null : serverPid;
    this.watchers = watchers;
    this.redis = new RedisMemory(redisUrl);
    out.println("elapsedS,generatorCpuPct,serverCpuPct,serverRssMiB,redisUsedMiB,"
        + "machineBusyPct,watchers");
    lastSelfCpu = ProcStat.cpuSeconds(selfPid);
    lastServerCpu = this.serverPid == null ? -1 : ProcStat.cpuSeconds(this.serverPid);
    lastMachine = ProcStat.machineTicks();
    lastNanos = startNanos;
  }

  public void start() {
    timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void sample() {
    long now = System.nanoTime();
    double seconds = (now - lastNanos) / 1e9;
    double selfCpu = ProcStat.cpuSeconds(selfPid);
    double serverCpu = serverPid == null ? -1 : ProcStat.cpuSeconds(serverPid);
    long[] machine = ProcStat.machineTicks();
    long machineTotal = machine[1] - lastMachine[1];
    long redisBytes = redis.usedBytes();
    out.printf("%.0f,%.1f,%.1f,%.1f,%.2f,%.1f,%d%n",
        (now - startNanos) / 1e9,
        100 * (selfCpu - lastSelfCpu) / seconds,
        serverCpu < 0 ? -1 : 100 * (serverCpu - lastServerCpu) / seconds,
        serverPid == null ? -1 : ProcStat.rssKiB(serverPid) / 1024.0,
        redisBytes < 0 ? -1 : redisBytes / (1024.0 * 1024.0),
        machineTotal == 0 ? -1 : 100.0 * (machine[0] - lastMachine[0]) / machineTotal,
        watchers.getAsInt());
    out.flush();
    lastNanos = now;
    lastSelfCpu = selfCpu;
    lastServerCpu = serverCpu;
    lastMachine = machine;
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    redis.close();
    out.close();
    if (out.checkError()) {
      throw new UncheckedIOException(new IOException("resource samples were not all written"));
    }
  }
}
