package org.jijiao.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A mainland resident ID number (GB 11643-1999): 6-digit address code, 8-digit birth date,
 * 3-digit sequence, and a check character from the ISO 7064 MOD 11-2 checksum.
 *
 * <p>What people type is messy: spaces, full-width digits from a Chinese IME, a lower-case
 * or full-width X. {@link #parse} folds all of those into one canonical 18-character form,
 * which is the only form stored and compared.
 */
public record IdNumber(String value) {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK_CHARS = "10X98765432";

  /** Why a typed number was refused, with the sentence shown to the person. */
  public enum Problem {
    EMPTY("请输入身份证号"),
    OLD_15_DIGIT("不支持 15 位旧身份证号，请使用 18 位身份证号"),
    WRONG_LENGTH("身份证号应为 18 位"),
    BAD_CHARACTERS("身份证号只能包含数字和末位的 X"),
    BAD_BIRTH_DATE("身份证号中的出生日期无效"),
    BAD_CHECK_CHARACTER("身份证号校验位不正确，请核对");

    private final String message;

    Problem(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  /** The outcome of parsing: a number or the reason there is none. */
  public record Parsed(IdNumber number, Problem problem) {
    public boolean ok() {
      return number != null;
    }
  }

  public static Parsed parse(String typed) {
    String folded = fold(typed == null ? "" : typed);
    if (folded.isEmpty()) {
      return new Parsed(null, Problem.EMPTY);
    }
    if (folded.length() == 15 && folded.chars().allMatch(Character::isDigit)) {
      return new Parsed(null, Problem.OLD_15_DIGIT);
    }
    if (folded.length() != 18) {
      return new Parsed(null, Problem.WRONG_LENGTH);
    }
    if (!folded.substring(0, 17).chars().allMatch(c -> c >= '0' && c <= '9')
        || CHECK_CHARS.indexOf(folded.charAt(17)) < 0) {
      return new Parsed(null, Problem.BAD_CHARACTERS);
    }
    if (birthDate(folded).isEmpty()) {
      return new Parsed(null, Problem.BAD_BIRTH_DATE);
    }
    if (folded.charAt(17) != checkCharacter(folded.substring(0, 17))) {
      return new Parsed(null, Problem.BAD_CHECK_CHARACTER);
    }
    return new Parsed(new IdNumber(folded), null);
  }

  /** Computes the check character for the first 17 digits. */
  public static char checkCharacter(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK_CHARS.charAt(sum % 11);
  }

  public static IdNumber of(String first17) {
    return new IdNumber(first17 + checkCharacter(first17));
  }

  /** "220102********0019": enough for a person to recognise their own, no more. */
  public String masked() {
    return value.substring(0, 6) + "********" + value.substring(14);
  }

  public Optional<LocalDate> birthDate() {
    return birthDate(value);
  }

  /** The 17th digit: odd for men, even for women. */
  public char gender() {
    return (value.charAt(16) - '0') % 2 == 1 ? 'M' : 'F';
  }

  @Override
  public String toString() {
    return masked();
  }

  /** Masks any string that might be an ID number, for logs. */
  public static String maskForLog(String typed) {
    if (typed == null || typed.length() < 8) {
      return "***";
    }
    return typed.substring(0, Math.min(6, typed.length() - 4)) + "***"
        + typed.substring(typed.length() - 2);
  }

  private static String fold(String typed) {
    StringBuilder out = new StringBuilder(18);
    typed.codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp) || cp == '\u3000' || cp == '\u00A0') {
        return;
      }
      if (cp >= '\uFF10' && cp <= '\uFF19') {
        cp = '0' + (cp - '\uFF10');
      } else if (cp == 'x' || cp == '\uFF38' || cp == '\uFF58') {
        cp = 'X';
      }
      out.appendCodePoint(cp);
    });
    return out.toString();
  }

  private static Optional<LocalDate> birthDate(String folded) {
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(folded.substring(6, 10)),
          Integer.parseInt(folded.substring(10, 12)), Integer.parseInt(folded.substring(12, 14)));
      boolean plausible = date.getYear() >= 1900 && date.isBefore(LocalDate.of(2100, 1, 1));
      return plausible ? Optional.of(date) : Optional.empty();
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
