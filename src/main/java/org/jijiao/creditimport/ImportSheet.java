package org.jijiao.creditimport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.poi.openxml4j.exceptions.OLE2NotOfficeXmlFileException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jijiao.common.ApiException;

/**
 * Reads the first sheet of an uploaded .xlsx into raw rows (blocking: run on a worker). Cells
 * are kept as people see them, with one fact more: whether the ID number cell was stored as a
 * number, because Excel keeps only 15 significant digits of a number and an 18-digit ID
 * number so stored has already lost its last digits.
 */
final class ImportSheet {

  static final String ID = "身份证号";
  static final String NAME = "姓名";
  static final String COURSE = "课程或学习包";
  static final String HOURS = "学时";
  static final String CREDITS = "学分";
  static final String CATEGORY = "类别";
  static final String YEAR = "年度";
  private static final List<String> REQUIRED = List.of(ID, NAME, COURSE, HOURS, CREDITS);
  static final List<String> COLUMNS = List.of(ID, NAME, COURSE, HOURS, CREDITS, CATEGORY, YEAR);

  /** One data row as typed: text per column, and how the ID number cell was stored. */
  record RawRow(int rowNumber, Map<String, String> cells, String idCellKind) {
    String get(String column) {
      return cells.getOrDefault(column, "");
    }
  }

  record Parsed(String sha256, List<RawRow> rows) {
  }

  private ImportSheet() {
  }

  static Parsed read(File file, int maxRows) {
    String sha256 = sha256(file);
    try (OPCPackage pkg = OPCPackage.open(file, PackageAccess.READ);
        XSSFWorkbook workbook = new XSSFWorkbook(pkg)) {
      if (workbook.getNumberOfSheets() == 0) {
        throw ApiException.badRequest("empty_file", "文件中没有工作表");
      }
      return new Parsed(sha256, rows(workbook.getSheetAt(0), maxRows));
    } catch (OLE2NotOfficeXmlFileException e) {
      throw ApiException.badRequest("not_xlsx", "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后上传");
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      // POI reports a damaged or foreign file by many exception types, checked and not.
      throw ApiException.badRequest("not_xlsx", "无法读取文件，只支持 .xlsx 格式的 Excel 文件");
    }
  }

  private static List<RawRow> rows(Sheet sheet, int maxRows) {
    DataFormatter formatter = new DataFormatter();
    Row header = sheet.getRow(sheet.getFirstRowNum());
    Map<String, Integer> columns = header == null ? Map.of() : header(header, formatter);
    List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw ApiException.badRequest("bad_template",
          "第一行应为表头，缺少列：" + String.join("、", missing));
    }
    if (sheet.getLastRowNum() - header.getRowNum() > maxRows) {
      throw ApiException.badRequest("too_many_rows", "一个文件最多 " + maxRows + " 行，请拆分后上传");
    }

    List<RawRow> out = new ArrayList<>();
    for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
      Row row = sheet.getRow(r);
      if (row == null) {
        continue;
      }
      Map<String, String> cells = new HashMap<>();
      for (Map.Entry<String, Integer> column : columns.entrySet()) {
        cells.put(column.getKey(), text(row.getCell(column.getValue()), formatter));
      }
      if (cells.values().stream().allMatch(String::isBlank)) {
        continue;
      }
      Cell idCell = row.getCell(columns.get(ID));
      out.add(new RawRow(r + 1, cells, kind(idCell)));
    }
    return out;
  }

  private static Map<String, Integer> header(Row header, DataFormatter formatter) {
    Map<String, Integer> columns = new HashMap<>();
    for (Cell cell : header) {
      String name = formatter.formatCellValue(cell).strip();
      if (COLUMNS.contains(name)) {
        columns.putIfAbsent(name, cell.getColumnIndex());
      }
    }
    return columns;
  }

  /** STRING, NUMERIC, FORMULA, BLANK or OTHER, as the ID number cell was stored. */
  private static String kind(Cell cell) {
    if (cell == null) {
      return "BLANK";
    }
    return switch (cell.getCellType()) {
      case STRING, NUMERIC, FORMULA, BLANK -> cell.getCellType().name();
      default -> "OTHER";
    };
  }

  /**
   * A cell as text: strings as typed, numbers as Excel shows them in General format for
   * the ID column's sake (2.20102E+17), but in full for small amounts, cached formula results.
   */
  private static String text(Cell cell, DataFormatter formatter) {
    if (cell == null) {
      return "";
    }
    CellType type = cell.getCellType() == CellType.FORMULA
        ? cell.getCachedFormulaResultType() : cell.getCellType();
    return switch (type) {
      case STRING -> cell.getStringCellValue();
      case NUMERIC -> Math.abs(cell.getNumericCellValue()) >= 1e11
          ? formatter.formatCellValue(cell)
          : NumberToTextConverter.toText(cell.getNumericCellValue());
      case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
      default -> "";
    };
  }

  private static String sha256(File file) {
    try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file.toPath()),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash upload", e);
    }
  }
}
