package org.jijiao.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.config.AppConfig;
import org.jijiao.config.Settings;
import org.jijiao.identity.PasswordHasher;

/**
 * Measures the configured password hash: the cost of one verification on one thread and
 * the verifications per second with one thread per core — the ceiling for logins on this
 * machine. Run: {@code java -cp target/jijiao.jar org.jijiao.bench.HashCostProbe}.
 */
public final class HashCostProbe {

  private HashCostProbe() {
  }

  public static void main(String[] args) throws Exception {
    Settings.Auth auth = Settings.from(AppConfig.fromEnvironment()).auth();
    PasswordHasher hasher = new PasswordHasher(auth.argon2MemoryKib(), auth.argon2Iterations());
    String hash = hasher.hash("Probe#Password1");
    for (int i = 0; i < 10; i++) {
      hasher.verify("Probe#Password1", hash);
    }

    int rounds = 40;
    long started = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      hasher.verify("Probe#Password1", hash);
    }
    double msEach = (System.nanoTime() - started) / 1e6 / rounds;

    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger done = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        while (System.nanoTime() < deadline) {
          hasher.verify("Probe#Password1", hash);
          done.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    double perSecond = done.get() / ((System.nanoTime() - started) / 1e9);

    System.out.printf("argon2id m=%d KiB t=%d p=1: %.1f ms per verification (1 thread); "
        + "%.1f verifications/s on %d threads%n", auth.argon2MemoryKib(),
        auth.argon2Iterations(), msEach, perSecond, threads);
  }
}
