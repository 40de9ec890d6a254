package org.jijiao.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;
import org.jijiao.identity.PasswordHasher;

/**
 * Measures the configured password hash exactly as the server checks passwords
 * ({@link PasswordHasher#verify}): the cost of one verification on one thread and the
 * verifications per second with one thread per core — the ceiling for logins on this
 * machine. Run: {@code java -cp target/jijiao.jar org.jijiao.bench.HashCostProbe}.
 *
 * <p>{@link #measure} is also what the test-scope {@code HashImplementationsBench} uses to
 * compare Argon2 implementations side by side.
 */
public final class HashCostProbe {

  private static final String PASSWORD = "Probe#Password1";
  /** Untimed checks per thread first, so a short run measures compiled code, not the JIT. */
  private static final int WARM_UP_CHECKS = 5;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private HashCostProbe() {
  }

  /**
   * What a timed run found. GC time is the JVM's pause total over the window (every
   * collector). CPU per check is counted twice: on the checking threads only, and for the
   * whole process (adding GC and JIT threads) — on a shared machine these move far less
   * than the wall-clock rate does. Allocation is what the checking threads allocated.
   */
  public record Rate(int threads, long checks, double seconds, long gcMillis,
      double threadCpuMsPerCheck, double processCpuMsPerCheck, double allocatedMibPerCheck) {

    public double perSecond() {
      return checks / seconds;
    }

    public double msPerCheck() {
      return seconds * 1000 * threads / checks;
    }

    @Override
    public String toString() {
      return String.format("%6.1f checks/s on %d threads; CPU per check %5.1f ms on the "
          + "threads, %5.1f ms process; GC %4d ms in %.1f s; %4.1f MiB allocated per check",
          perSecond(), threads, threadCpuMsPerCheck, processCpuMsPerCheck, gcMillis, seconds,
          allocatedMibPerCheck);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings.Auth auth = Settings.from(AppConfig.fromEnvironment()).auth();
    PasswordHasher hasher = new PasswordHasher(auth.argon2MemoryKib(), auth.argon2Iterations());
    String hash = hasher.hash(PASSWORD);
    Supplier<BooleanSupplier> check = () -> () -> hasher.verify(PASSWORD, hash);

    Rate one = measure(check, 1, 3);
    int cores = Runtime.getRuntime().availableProcessors();
    Rate all = measure(check, cores, 10);
    // CPU per check is the figure to compare across runs on a shared machine.
    System.out.printf("argon2id m=%d KiB t=%d p=1: %.1f ms per verification (1 thread); "
        + "%.1f verifications/s on %d threads; %.1f ms CPU per verification; GC %d ms in "
        + "%.0f s%n", auth.argon2MemoryKib(), auth.argon2Iterations(), one.msPerCheck(),
        all.perSecond(), cores, all.processCpuMsPerCheck(), all.gcMillis(), all.seconds());
  }

  /**
   * Runs {@code threads} threads, each with its own check from {@code checkPerThread}, in a
   * tight loop for {@code seconds} after a short warm-up. A check answering false is a bug
   * in the bench, not a result: it stops the run.
   */
  public static Rate measure(Supplier<BooleanSupplier> checkPerThread, int threads,
      double seconds) throws InterruptedException {
    long[] window = new long[3];
    // The barrier's action runs once every thread is warm, before any of them goes on.
    CyclicBarrier start = new CyclicBarrier(threads, () -> {
      window[0] = gcMillis();
      window[2] = processCpuNanos();
      window[1] = System.nanoTime();
    });
    long length = (long) (seconds * 1e9);
    LongAdder checks = new LongAdder();
    LongAdder allocated = new LongAdder();
    LongAdder threadCpu = new LongAdder();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> {
        try {
          BooleanSupplier check = checkPerThread.get();
          for (int w = 0; w < WARM_UP_CHECKS; w++) {
            require(check);
          }
          start.await();
          long deadline = window[1] + length;
          long bytesBefore = allocatedBytes();
          long cpuBefore = THREADS.getCurrentThreadCpuTime();
          while (System.nanoTime() < deadline) {
            require(check);
            checks.increment();
          }
          threadCpu.add(THREADS.getCurrentThreadCpuTime() - cpuBefore);
          allocated.add(allocatedBytes() - bytesBefore);
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
          start.reset();
        }
      }, "hash-probe-" + i);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a probe thread failed", failures.get(0));
    }
    // Measured to the last check's end: each thread finishes the check it had started.
    double elapsed = (System.nanoTime() - window[1]) / 1e9;
    double count = Math.max(1, checks.sum());
    return new Rate(threads, checks.sum(), elapsed, gcMillis() - window[0],
        threadCpu.sum() / 1e6 / count, (processCpuNanos() - window[2]) / 1e6 / count,
        allocated.sum() / count / (1 << 20));
  }

  private static void require(BooleanSupplier check) {
    if (!check.getAsBoolean()) {
      throw new IllegalStateException("the probe's own password did not verify");
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
