package org.jijiao.common;

/**
 * Text measured in code points: a name like "𠇔" is one character to a person even though
 * Java stores it as two chars, and truncation must never split such a pair.
 */
public final class Text {

  private Text() {
  }

  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  public static String truncate(String text, int maxCodePoints) {
    if (length(text) <= maxCodePoints) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
  }
}
