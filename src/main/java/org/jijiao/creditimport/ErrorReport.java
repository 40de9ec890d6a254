package org.jijiao.creditimport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The error report of an import, written with POI's streaming workbook (blocking: run on a
 * worker). Every cell is a text cell — ID numbers never turn into 2.2E+17 — and any cell
 * that came from the uploader and starts like a formula is prefixed with an apostrophe, so
 * opening the report can never run what someone typed.
 */
final class ErrorReport {

  private static final List<String> HEADER = List.of("行号", ImportSheet.ID, ImportSheet.NAME,
      ImportSheet.COURSE, ImportSheet.HOURS, ImportSheet.CREDITS, ImportSheet.CATEGORY,
      ImportSheet.YEAR, "错误代码", "错误原因");

  private ErrorReport() {
  }

  static byte[] write(JsonArray rows) {
    try (SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      CellStyle text = workbook.createCellStyle();
      text.setDataFormat(workbook.createDataFormat().getFormat("@"));
      Sheet sheet = workbook.createSheet("错误明细");
      for (int c = 0; c < HEADER.size(); c++) {
        sheet.setDefaultColumnStyle(c, text);
        sheet.setColumnWidth(c, c == 1 ? 22 * 256 : c == 3 || c == 9 ? 40 * 256 : 12 * 256);
      }
      write(sheet.createRow(0), HEADER, text);

      int r = 1;
      for (Object item : rows) {
        JsonObject row = (JsonObject) item;
        if (!"ERROR".equals(row.getString("status"))) {
          continue;
        }
        JsonObject typed = row.getJsonObject("typed");
        List<String> values = new java.util.ArrayList<>();
        values.add(String.valueOf(row.getInteger("row")));
        ImportSheet.COLUMNS.forEach(c -> values.add(neutralise(typed.getString(c, ""))));
        values.add(row.getString("code"));
        values.add(neutralise(row.getString("message")));
        write(sheet.createRow(r++), values, text);
      }
      workbook.write(out);
      workbook.close();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Row row, List<String> values, CellStyle style) {
    for (int c = 0; c < values.size(); c++) {
      var cell = row.createCell(c);
      cell.setCellStyle(style);
      cell.setCellValue(values.get(c));
    }
  }

  /** OWASP's CSV/formula injection defence: a leading = + - @ tab or CR becomes text. */
  static String neutralise(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    char first = value.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
        || first == '\r' ? "'" + value : value;
  }
}
