package org.jijiao.creditimport;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import org.jijiao.common.Text;
import org.jijiao.identity.IdNumber;

/**
 * The checks one row passes on its own, before the stores are asked: the ID number (with its
 * check character, and the lost digits of a numeric cell), the name, the course or pack, the
 * amounts, the category and the year. Answers a row that is either checked or failed with a
 * specific code and a sentence that tells the uploader what to fix.
 */
final class RowCheck {

  /** One row's result so far; {@code code} null while it is still good. */
  static final class Result {
    final ImportSheet.RawRow raw;
    String idNumber;
    String name;
    String course;
    BigDecimal hours;
    BigDecimal credits;
    String category;
    int year;
    String sourceRef;
    Long teacherId;
    String code;
    String message;

    Result(ImportSheet.RawRow raw) {
      this.raw = raw;
    }

    boolean ok() {
      return code == null;
    }

    Result fail(String code, String message) {
      if (this.code == null) {
        this.code = code;
        this.message = message;
      }
      return this;
    }

    /** As stored with the import: everything the error report needs, as typed. */
    JsonObject toStored(String status) {
      JsonObject typed = new JsonObject();
      ImportSheet.COLUMNS.forEach(c -> typed.put(c, raw.get(c)));
      return new JsonObject()
          .put("row", raw.rowNumber())
          .put("typed", typed)
          .put("status", status)
          .put("code", code)
          .put("message", message)
          .put("teacherId", teacherId);
    }
  }

  private RowCheck() {
  }

  static Result check(ImportSheet.RawRow raw, int thisYear) {
    Result r = new Result(raw);
    idNumber(r);
    r.name = raw.get(ImportSheet.NAME).strip();
    if (r.name.isEmpty()) {
      r.fail("name_missing", "缺少姓名");
    }
    r.course = raw.get(ImportSheet.COURSE).strip();
    if (r.course.isEmpty()) {
      r.fail("course_missing", "缺少课程或学习包名称");
    } else if (Text.length(r.course) > 100) {
      r.fail("course_too_long", "课程或学习包名称过长（最多 100 个字）");
    }
    r.hours = amount(r, raw.get(ImportSheet.HOURS), "学时", 200, "invalid_hours");
    r.credits = amount(r, raw.get(ImportSheet.CREDITS), "学分", 100, "invalid_credits");
    category(r, raw.get(ImportSheet.CATEGORY).strip());
    year(r, raw.get(ImportSheet.YEAR).strip(), thisYear);
    if (r.ok()) {
      r.sourceRef = sourceRef(r.idNumber, r.course, r.year);
    }
    return r;
  }

  private static void idNumber(Result r) {
    String kind = r.raw.idCellKind();
    String typed = r.raw.get(ImportSheet.ID);
    if ("NUMERIC".equals(kind)) {
      r.fail("id_number_stored_as_number", "身份证号被 Excel 存成了数字（显示为 " + typed
          + "），Excel 只保留 15 位有效数字，末几位已经丢失，无法还原。请把该列设为“文本”格式后重新录入");
      return;
    }
    if ("FORMULA".equals(kind)) {
      r.fail("id_number_formula", "身份证号单元格是公式，请直接录入身份证号文本");
      return;
    }
    IdNumber.Parsed parsed = IdNumber.parse(typed);
    if (!parsed.ok()) {
      String code = parsed.problem() == IdNumber.Problem.BAD_CHECK_CHARACTER
          ? "bad_check_character" : "invalid_id_number";
      r.fail(code, parsed.problem().message());
      return;
    }
    r.idNumber = parsed.number().value();
  }

  private static BigDecimal amount(Result r, String typed, String label, int max, String code) {
    String text = Normalizer.normalize(typed, Normalizer.Form.NFKC).strip();
    if (text.isEmpty()) {
      r.fail(code, "缺少" + label);
      return null;
    }
    try {
      BigDecimal value = new BigDecimal(text);
      if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
        r.fail(code, label + "应大于 0 且不超过 " + max + "（填写的是 " + text + "）");
        return null;
      }
      if (value.stripTrailingZeros().scale() > 1) {
        r.fail(code, label + "最多保留一位小数（填写的是 " + text + "）");
        return null;
      }
      return value.setScale(1, java.math.RoundingMode.UNNECESSARY);
    } catch (NumberFormatException | ArithmeticException e) {
      r.fail(code, label + "应为数字（填写的是“" + typed + "”）");
      return null;
    }
  }

  private static void category(Result r, String typed) {
    switch (typed.toUpperCase()) {
      case "", "PROFESSIONAL", "专业" -> r.category = "PROFESSIONAL";
      case "PUBLIC", "公需" -> r.category = "PUBLIC";
      default -> r.fail("invalid_category", "类别只能是“公需”或“专业”（填写的是“" + typed + "”）");
    }
  }

  private static void year(Result r, String typed, int thisYear) {
    if (typed.isEmpty()) {
      r.year = thisYear;
      return;
    }
    String text = typed.endsWith(".0") ? typed.substring(0, typed.length() - 2) : typed;
    if (!text.matches("\\d{4}") || Integer.parseInt(text) < 2000
        || Integer.parseInt(text) > thisYear) {
      r.fail("invalid_year", "年度应为 2000 到 " + thisYear + " 之间的四位数字（填写的是“" + typed + "”）");
      return;
    }
    r.year = Integer.parseInt(text);
  }

  /** The natural key of an offline credit: who, which course or pack, which year. */
  static String sourceRef(String idNumber, String course, int year) {
    String key = idNumber + "\n" + normalise(course) + "\n" + year;
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8));
      return "offline:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
  }

  /** Names compared as people mean them: the many look-alike middle dots are one. */
  static String normaliseName(String name) {
    return normalise(name).replaceAll("[\\u30FB\\u2022\\u2027\\uFF65\\u22C5\\u2219\\u00B7.]", "·")
        .replace(" ", "");
  }
}
