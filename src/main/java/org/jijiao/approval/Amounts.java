package org.jijiao.approval;

import java.math.BigDecimal;
import org.jijiao.common.ApiException;

/** Hours and credits as people type them: decimals with at most one place, within bounds. */
final class Amounts {

  private Amounts() {
  }

  static BigDecimal parse(String field, Object raw, double min, double max, boolean allowZero) {
    if (raw == null || raw.toString().isBlank()) {
      throw ApiException.invalidField(field, "missing_field", "缺少必填项：" + field);
    }
    BigDecimal value;
    try {
      value = new BigDecimal(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidField(field, "wrong_type", field + " 必须是数字");
    }
    if (value.stripTrailingZeros().scale() > 1) {
      throw ApiException.invalidField(field, "too_precise", field + " 最多保留一位小数");
    }
    if (value.doubleValue() < min || value.doubleValue() > max
        || (!allowZero && value.signum() == 0)) {
      throw ApiException.invalidField(field, "out_of_range",
          field + " 应在 " + min + " 到 " + max + " 之间" + (allowZero ? "" : "且不为 0"));
    }
    return value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros();
  }

  static int year(String field, Object raw, int min, int max) {
    String text = raw == null ? "" : raw.toString().trim();
    if (!text.matches("\\d{4}")) {
      throw ApiException.invalidField(field, "wrong_type", "年度应为四位数字，如 2026");
    }
    int year = Integer.parseInt(text);
    if (year < min || year > max) {
      throw ApiException.invalidField(field, "out_of_range", "年度应在 " + min + " 到 " + max + " 之间");
    }
    return year;
  }

  static String category(String field, Object raw, boolean required) {
    String text = raw == null ? "" : raw.toString().trim().toUpperCase();
    if (text.isEmpty() && !required) {
      return null;
    }
    return switch (text) {
      case "PUBLIC", "公需" -> "PUBLIC";
      case "PROFESSIONAL", "专业" -> "PROFESSIONAL";
      default -> throw ApiException.invalidField(field, "invalid_category",
          "学分类别只能是 PUBLIC（公需）或 PROFESSIONAL（专业）");
    };
  }
}
