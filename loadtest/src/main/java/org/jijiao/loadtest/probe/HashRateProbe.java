package org.jijiao.loadtest.probe;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.jijiao.loadtest.model.PeakModel;

/**
 * How many Argon2id password checks this machine does per second on all its cores, right
 * now: {@code HashRateProbe <out.properties>}. Logins cannot be faster than this, so the
 * login figure is reported as a share of it, measured in the same run.
 *
 * <p>A check here is what the server's {@code PasswordHasher.verify} does: argon2-jvm
 * (native libargon2, the same JNA library lookup) verifying a PHC string, 16-byte salt and
 * 32-byte hash, with the password as a wiped char[]. So the ratio leaves out only the
 * login's own non-hash work.
 */
public final class HashRateProbe {

  private static final String PASSWORD = "Teacher@2026";
  private static final Argon2 ARGON2 =
      Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);

  private HashRateProbe() {
  }

  public static void main(String[] args) throws Exception {
    PeakModel model = PeakModel.load();
    String stored = ARGON2.hash(model.integer("hash.argon2Iterations"),
        model.integer("hash.argon2MemoryKiB"), model.integer("hash.argon2Parallelism"),
        PASSWORD.toCharArray());
    int seconds = model.integer("hash.probeSeconds");
    int cores = Runtime.getRuntime().availableProcessors();
    warmUp(stored);
    LongAdder hashes = new LongAdder();
    long started = System.nanoTime();
    long deadline = started + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      Thread worker = new Thread(() -> {
        while (System.nanoTime() < deadline) {
          check(stored);
          hashes.increment();
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    // Each thread finishes the check it had begun at the deadline: divide by the real time.
    double elapsed = (System.nanoTime() - started) / 1e9;
    Properties result = new Properties();
    result.setProperty("argon2id.perSecond", String.format("%.1f", hashes.sum() / elapsed));
    result.setProperty("cores", Integer.toString(cores));
    result.setProperty("parameters", "m=" + model.text("hash.argon2MemoryKiB") + "KiB,t="
        + model.text("hash.argon2Iterations") + ",p=" + model.text("hash.argon2Parallelism"));
    result.setProperty("implementation", "argon2-jvm (native libargon2)");
    try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      result.store(out, "raw password-hash rate of this machine");
    }
    System.out.println("  argon2id checks/s on " + cores + " cores: "
        + result.getProperty("argon2id.perSecond"));
  }

  private static void check(String stored) {
    char[] password = PASSWORD.toCharArray();
    try {
      if (!ARGON2.verify(stored, password)) {
        throw new IllegalStateException("the probe's own password did not verify");
      }
    } finally {
      ARGON2.wipeArray(password);
    }
  }

  /** A few untimed checks first: the first one loads the native library. */
  private static void warmUp(String stored) {
    for (int i = 0; i < 5; i++) {
      check(stored);
    }
  }
}
