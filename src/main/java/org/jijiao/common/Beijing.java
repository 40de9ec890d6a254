package org.jijiao.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Calendar questions ("which year", "which day") are decided in China Standard Time: a
 * course finished at 23:30 on 31 December in Changchun belongs to that year, whatever
 * the server's own zone is.
 */
public final class Beijing {

  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private Beijing() {
  }

  public static int yearOf(Instant instant) {
    return instant.atZone(ZONE).getYear();
  }

  public static LocalDate dateOf(Instant instant) {
    return instant.atZone(ZONE).toLocalDate();
  }

  public static Instant startOfYear(int year) {
    return LocalDate.of(year, 1, 1).atStartOfDay(ZONE).toInstant();
  }
}
