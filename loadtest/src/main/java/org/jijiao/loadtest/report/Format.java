package org.jijiao.loadtest.report;

import java.util.Locale;
import java.util.OptionalDouble;

/** Number formatting shared by the summary and the performance page. */
final class Format {

  private Format() {
  }

  static String num(double value) {
    if (Double.isNaN(value) || value < 0) {
      return "n/a";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  static String count(double value) {
    return Double.isNaN(value) || value < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
  }

  static String pct(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.0f %%", value.getAsDouble()) : "n/a";
  }

  /** a / b as a percentage, or n/a when either side is missing. */
  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b <= 0 || a < 0) {
      return "n/a";
    }
    double percent = 100 * a / b;
    // A small offered load against a fast bare route must not read as "0 %".
    return percent > 0 && percent < 10
        ? String.format(Locale.ROOT, "%.2g %%", percent)
        : String.format(Locale.ROOT, "%.0f %%", percent);
  }

  static String ms(String value) {
    return value == null || value.equals("-1") ? "n/a" : value;
  }
}
