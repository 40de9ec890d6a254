package org.jijiao.loadtest.probe;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.jijiao.loadtest.model.PeakModel;

/**
 * How many Argon2id password checks this machine does per second on all its cores, right
 * now: {@code HashRateProbe <out.properties>}. Logins cannot be faster than this, so the
 * login figure is reported as a share of it, measured in the same run.
 */
public final class HashRateProbe {

  private HashRateProbe() {
  }

  public static void main(String[] args) throws Exception {
    PeakModel model = PeakModel.load();
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withMemoryAsKB(model.integer("hash.argon2MemoryKiB"))
        .withIterations(model.integer("hash.argon2Iterations"))
        .withParallelism(model.integer("hash.argon2Parallelism"))
        .withSalt("loadtest-salt-16".getBytes(StandardCharsets.UTF_8))
        .build();
    int seconds = model.integer("hash.probeSeconds");
    int cores = Runtime.getRuntime().availableProcessors();
    warmUp(parameters);
    LongAdder hashes = new LongAdder();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      Thread worker = new Thread(() -> {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] hash = new byte[32];
        while (System.nanoTime() < deadline) {
          generator.generateBytes("Teacher@2026".toCharArray(), hash);
          hashes.increment();
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    Properties result = new Properties();
    result.setProperty("argon2id.perSecond", String.format("%.1f", hashes.sum() / (double) seconds));
    result.setProperty("cores", Integer.toString(cores));
    result.setProperty("parameters", "m=" + model.text("hash.argon2MemoryKiB") + "KiB,t="
        + model.text("hash.argon2Iterations") + ",p=" + model.text("hash.argon2Parallelism"));
    try (Writer out = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
      result.store(out, "raw password-hash rate of this machine");
    }
    System.out.println("  argon2id checks/s on " + cores + " cores: " + result.getProperty("argon2id.perSecond"));
  }

  /** A few untimed hashes first, so a short probe measures compiled code, not the JIT. */
  private static void warmUp(Argon2Parameters parameters) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] hash = new byte[32];
    for (int i = 0; i < 5; i++) {
      generator.generateBytes("warm-up".toCharArray(), hash);
    }
  }
}
