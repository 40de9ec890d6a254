package org.jijiao.bench;

import com.sun.jna.NativeLibrary;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.jijiao.bench.HashCostProbe.Rate;
import org.jijiao.identity.BouncyCastleArgon2;
import org.jijiao.identity.PasswordHasher;

/**
 * Argon2id checks per second, side by side in one JVM, at the server's cost (m = 19456 KiB,
 * t = 2, p = 1): (a) BouncyCastle with a new generator per check, the way the server
 * verified with BouncyCastle; (b) BouncyCastle reusing one generator per thread with a fixed
 * salt, the way the load test's raw-rate probe measured with it (a server cannot: the salt
 * is a generator parameter, and every init allocates 19 MiB of blocks); (c) argon2-jvm, the
 * native reference library through JNA, called as the server's {@link PasswordHasher}.
 *
 * <p>On a shared machine read the CPU per check, not the wall-clock rate: neighbours move
 * the rate by a factor of two or more between rounds, the CPU figures by a few percent.
 * JNA loads a system libargon2 (Debian's libargon2-1) before the copy in the jar; the last
 * line says which; {@code -Djna.platform.library.path=/none} forces the jar's copy.
 *
 * <p>Not a test: run with
 * {@code mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
 * -Dmdep.includeScope=test} then
 * {@code java -Xmx2g -cp target/classes:target/test-classes:$(cat target/test.cp)
 * org.jijiao.bench.HashImplementationsBench} (-Dbench.seconds, -Dbench.threads,
 * -Dbench.rounds; add -Xlog:gc for the collector's own log).
 */
public final class HashImplementationsBench {

  private static final int MEMORY_KIB = 19456;
  private static final int ITERATIONS = 2;
  private static final String PASSWORD = "Teacher@2026";
  private static final byte[] SALT = "bench-salt-16by!".getBytes(StandardCharsets.US_ASCII);

  private HashImplementationsBench() {
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.getInteger("bench.threads", 2);
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "5"));
    int rounds = Integer.getInteger("bench.rounds", 1);

    String bcHash = BouncyCastleArgon2.hash(PASSWORD, SALT, MEMORY_KIB, ITERATIONS);
    Supplier<BooleanSupplier> fresh = () -> () -> BouncyCastleArgon2.verify(PASSWORD, bcHash);

    Supplier<BooleanSupplier> reused = () -> {
      Argon2BytesGenerator generator = new Argon2BytesGenerator();
      generator.init(BouncyCastleArgon2.parameters(SALT, MEMORY_KIB, ITERATIONS, 1));
      byte[] out = new byte[32];
      return () -> {
        generator.generateBytes(PASSWORD.toCharArray(), out);
        return true;
      };
    };

    PasswordHasher hasher = new PasswordHasher(MEMORY_KIB, ITERATIONS);
    Supplier<BooleanSupplier> jvm = () -> () -> hasher.verify(PASSWORD, bcHash);

    System.out.printf("argon2id m=%d KiB t=%d p=1, %d threads, %.0f s each, %d cores, %s%n",
        MEMORY_KIB, ITERATIONS, threads, seconds, Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    Map<String, Supplier<BooleanSupplier>> cases = new LinkedHashMap<>();
    cases.put("(a) BouncyCastle, new generator per check", fresh);
    cases.put("(b) BouncyCastle, reused generator       ", reused);
    cases.put("(c) argon2-jvm, as PasswordHasher does   ", jvm);
    // Rounds interleave the cases, so a burst of load from a neighbour hits all of them.
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (var c : cases.entrySet()) {
        Rate rate = HashCostProbe.measure(c.getValue(), threads, seconds);
        System.out.println(c.getKey() + "  " + rate);
        rates.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(rate.perSecond());
      }
    }
    if (rounds > 1) {
      rates.forEach((name, list) -> System.out.printf("%s  median %.1f checks/s of %s%n", name,
          list.stream().sorted().toList().get(list.size() / 2), list.stream()
              .map(r -> String.format("%.1f", r)).toList()));
    }
    System.out.println("libargon2 loaded by JNA: "
        + NativeLibrary.getInstance("argon2").getFile());
  }
}
