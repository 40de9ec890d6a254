package org.jijiao.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The yearly requirement: at least {@value #MIN_HOURS} hours, of which professional at
 * least two thirds. {@code missingTotal} is how many more hours the year needs;
 * {@code missingProfessional} is how many of the hours still to earn must be professional
 * (the least that makes both rules hold if nothing else is earned besides).
 */
public record Requirement(boolean meets, BigDecimal missingTotal, BigDecimal missingProfessional,
    String message) {

  public static final int MIN_HOURS = 90;

  public static Requirement of(BigDecimal publicHours, BigDecimal professionalHours) {
    double pub = publicHours.doubleValue();
    double prof = professionalHours.doubleValue();
    double total = pub + prof;
    double missingTotal = Math.max(0, MIN_HOURS - total);
    double missingProf;
    if (pub * 3 >= MIN_HOURS) {
      // Public hours already fill their third of the minimum: professional must reach twice
      // the public hours, which also lifts the total over the minimum.
      missingProf = Math.max(0, 2 * pub - prof);
    } else {
      missingProf = Math.max(0, MIN_HOURS * 2 / 3.0 - prof);
    }
    boolean meets = missingTotal == 0 && missingProf == 0;
    BigDecimal t = round(missingTotal);
    BigDecimal p = round(missingProf);
    return new Requirement(meets, t, p, message(meets, t, p));
  }

  private static String message(boolean meets, BigDecimal total, BigDecimal professional) {
    if (meets) {
      return "本年度学时已达标（不少于 90 学时，且专业科目不少于三分之二）";
    }
    StringBuilder text = new StringBuilder("本年度尚未达标：");
    if (total.signum() > 0) {
      text.append("还差 ").append(total.toPlainString()).append(" 学时");
      if (professional.signum() > 0) {
        text.append("，其中至少 ").append(professional.toPlainString()).append(" 学时须为专业科目");
      }
    } else {
      text.append("总学时已够，但专业科目还差 ").append(professional.toPlainString())
          .append(" 学时（专业科目须占三分之二）");
    }
    return text.toString();
  }

  private static BigDecimal round(double hours) {
    return BigDecimal.valueOf(hours).setScale(1, RoundingMode.CEILING).stripTrailingZeros();
  }
}
