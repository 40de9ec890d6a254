package org.jijiao.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native hasher against BouncyCastle, which wrote every hash stored so far: both must
 * accept each other's strings at the production cost, so no teacher is locked out by the
 * switch and a switch back would be possible.
 */
class PasswordHasherTest {

  private static final int MEMORY_KIB = 19456;
  private static final int ITERATIONS = 2;
  private static final String PASSWORD = "Teacher@2026";
  /** Non-ASCII, so both sides must agree on UTF-8. */
  private static final String WIDE_PASSWORD = "教师Pässwörd#1";

  private final PasswordHasher hasher = new PasswordHasher(MEMORY_KIB, ITERATIONS);

  private static byte[] salt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return salt;
  }

  @Test
  void aHashMadeByBouncyCastleVerifies() {
    String stored = BouncyCastleArgon2.hash(PASSWORD, salt(), MEMORY_KIB, ITERATIONS);

    assertThat(hasher.verify(PASSWORD, stored)).isTrue();
    assertThat(hasher.verify("Teacher@2027", stored)).isFalse();
  }

  @Test
  void aNewHashVerifiesWithBouncyCastle() {
    String stored = hasher.hash(PASSWORD);

    assertThat(stored).matches(
        "\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(BouncyCastleArgon2.verify(PASSWORD, stored)).isTrue();
    assertThat(BouncyCastleArgon2.verify("Teacher@2027", stored)).isFalse();
    assertThat(hasher.verify(PASSWORD, stored)).isTrue();
  }

  @Test
  void nonAsciiPasswordsAgreeBothWays() {
    String byBouncyCastle = BouncyCastleArgon2.hash(WIDE_PASSWORD, salt(), MEMORY_KIB,
        ITERATIONS);
    String byNative = hasher.hash(WIDE_PASSWORD);

    assertThat(hasher.verify(WIDE_PASSWORD, byBouncyCastle)).isTrue();
    assertThat(BouncyCastleArgon2.verify(WIDE_PASSWORD, byNative)).isTrue();
    assertThat(hasher.verify("教师Passwörd#1", byBouncyCastle)).isFalse();
  }

  @Test
  void aHashOfAnotherCostStillVerifies() {
    String cheaper = BouncyCastleArgon2.hash(PASSWORD, salt(), 256, 1);

    assertThat(hasher.verify(PASSWORD, cheaper)).isTrue();
    assertThat(hasher.verify("", cheaper)).isFalse();
  }

  @Test
  void saltsDiffer() {
    assertThat(hasher.hash(PASSWORD)).isNotEqualTo(hasher.hash(PASSWORD));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "",
      "not a hash",
      "$argon2id$v=19$m=256,t=1,p=1$",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",
      // Another Argon2 variant and version, a second lane, a missing parameter.
      "$argon2i$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=16$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      // Costs no configuration allows: 4 GiB, 99 passes; and below the library's minimum.
      "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$argon2id$v=19$m=256,t=99,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      // Salt too short for the library, hash too short, padding, bad characters.
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGE",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNh*HRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA\n",
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA\u0000$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo",
      // Well-formed, but the hash is of another password.
      "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"})
  void malformedOrForeignStoredStringsFailWithoutExceptions(String stored) {
    assertThat(hasher.verify(PASSWORD, stored)).isFalse();
  }
}
