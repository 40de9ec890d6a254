package org.jijiao.identity;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing with the reference C library (argon2-jvm, through JNA), stored
 * in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) so that each
 * hash carries its own cost and older hashes keep verifying after the cost is raised.
 * Hashes written earlier by BouncyCastle are the same strings and verify unchanged.
 *
 * <p>Native rather than BouncyCastle: BouncyCastle builds the 19 MiB of Argon2 memory as
 * ~19,000 Java objects on every check (a generator cannot be kept: the salt is one of its
 * parameters), so under a login burst the collector competed with the hashing threads. The
 * native library takes one block outside the heap and, measured on the 2-core machine,
 * spends ~16-18 ms of CPU per check against ~24-29 ms (see {@code HashImplementationsBench}
 * and docs/identity.md).
 *
 * <p>CPU-bound: call only from a worker thread (see {@link HashingPool}).
 */
public final class PasswordHasher {

  /** The largest costs {@code Settings} accepts (1 GiB, 20 passes); for stored hashes too. */
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 20;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  /**
   * What a stored hash must look like before native code parses it: our own format only,
   * with one lane (the C library would start a thread per lane, outside the bounded pool).
   */
  private static final Pattern STORED = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=1\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
  /** Thread-safe: no state but a SecureRandom for salts. Encodes passwords as UTF-8. */
  private static final Argon2 ARGON2 =
      Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);

  private final int memoryKib;
  private final int iterations;

  public PasswordHasher(int memoryKib, int iterations) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
  }

  public String hash(String password) {
    char[] chars = password.toCharArray();
    try {
      return ARGON2.hash(iterations, memoryKib, 1, chars);
    } finally {
      ARGON2.wipeArray(chars);
    }
  }

  /**
   * Constant-time comparison (the C library's); a malformed stored hash simply does not
   * match. The char[] copy of the password is wiped; the String itself cannot be.
   */
  public boolean verify(String password, String stored) {
    if (!acceptable(stored)) {
      return false;
    }
    char[] chars = password.toCharArray();
    try {
      return ARGON2.verify(stored, chars);
    } finally {
      ARGON2.wipeArray(chars);
    }
  }

  /** A memory cost above the configurable maximum is refused: no row may ask for GiBs. */
  private static boolean acceptable(String stored) {
    if (stored == null) {
      return false;
    }
    Matcher m = STORED.matcher(stored);
    return m.matches() && Integer.parseInt(m.group(1)) <= MAX_MEMORY_KIB
        && Integer.parseInt(m.group(2)) <= MAX_ITERATIONS;
  }
}
