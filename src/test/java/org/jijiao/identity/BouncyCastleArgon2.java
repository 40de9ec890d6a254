package org.jijiao.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The BouncyCastle Argon2id that {@link PasswordHasher} used before it moved to the native
 * library, kept in the tests as an independent second implementation: stored hashes were
 * made by this code, so the new hasher must agree with it in both directions. Also the
 * "fresh generator per check" and "reused generator" cases of the hash bench.
 */
public final class BouncyCastleArgon2 {

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private BouncyCastleArgon2() {
  }

  /** A PHC string exactly as the former server code wrote it. */
  public static String hash(String password, byte[] salt, int memoryKib, int iterations) {
    byte[] hash = derive(password, salt, memoryKib, iterations, 1, 32);
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=1$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** The former server check: parse, then a new generator (19 MiB of blocks) per call. */
  public static boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    int memory = 0;
    int passes = 0;
    int lanes = 1;
    for (String param : parts[3].split(",")) {
      String[] kv = param.split("=");
      switch (kv[0]) {
        case "m" -> memory = Integer.parseInt(kv[1]);
        case "t" -> passes = Integer.parseInt(kv[1]);
        case "p" -> lanes = Integer.parseInt(kv[1]);
        default -> {
          return false;
        }
      }
    }
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, B64D.decode(parts[4]), memory, passes, lanes,
        expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  public static Argon2Parameters parameters(byte[] salt, int memoryKib, int iterations,
      int lanes) {
    return new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(lanes)
        .withSalt(salt)
        .build();
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations,
      int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters(salt, memoryKib, iterations, lanes));
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
