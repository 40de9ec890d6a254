package org.jijiao.creditimport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jijiao.identity.IdNumber;
import org.jijiao.testing.Demo;
import org.jijiao.testing.Multipart;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Offline and disc credits imported from an .xlsx built here with POI. */
@Timeout(180)
class CreditImportTest {

  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private static final String[] HEADER = {"身份证号", "姓名", "课程或学习包", "学时", "学分", "类别", "年度"};

  private static TestNode node;
  private static TestClient api;
  private static String school;
  private static String district;
  private static long demoSchool;
  private static int year;

  /** One spreadsheet row; {@code numericId} stores the ID number as Excel would a number. */
  private record Line(String id, boolean numericId, String name, String course, Object hours,
      Object credits, String category, Object year) {
  }

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    school = api.login(Demo.SCHOOL_ADMIN, TestNode.DEMO_PASSWORD);
    district = api.login(Demo.DISTRICT_ADMIN, TestNode.DEMO_PASSWORD);
    demoSchool = node.queryLong("select org_id from account where id = 1");
    year = LocalDate.now().getYear();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyRowGetsASpecificResultAndTheSameFileTwiceAddsNothing() throws IOException {
    String[] a = teacher(demoSchool, 10);
    String[] b = teacher(demoSchool, 11);
    String[] c = teacher(demoSchool, 12);
    String[] d = teacher(demoSchool, 13);
    String[] e = teacher(demoSchool, 14);
    String[] outside = teacher(otherSchool(), 0);
    String wrongCheck = a[0].substring(0, 17) + (a[0].charAt(17) == '1' ? '2' : '1');
    Buffer file = xlsx(List.of(
        new Line(a[0], false, a[1], "送教下乡光盘第一辑", 3, 1.5, "专业", year),
        new Line(b[0], false, b[1], "乡村教师学习包", "6", "2", "公需", String.valueOf(year)),
        new Line(wrongCheck, false, c[1], "送教下乡光盘第一辑", 3, 1, "", year),
        new Line(IdNumber.of("22010220030101999").value(), false, "阿依古丽·𠇔", "学习包", 3, 1,
            "", year),
        new Line(a[0], false, a[1], "送教下乡光盘第一辑", 3, 1.5, "专业", year),
        new Line(outside[0], false, outside[1], "送教下乡光盘第一辑", 3, 1, "", year),
        new Line(d[0], true, d[1], "送教下乡光盘第一辑", 3, 1, "", year),
        new Line(e[0], false, "=1+2", "@SUM(A1:A9)", 3, 1, "", year)));

    Reply dry = upload(school, file, "true");

    assertThat(dry.status()).as(dry.raw().toString()).isEqualTo(200);
    JsonObject result = dry.json();
    assertThat(codes(result)).containsExactly(null, null, "bad_check_character",
        "unknown_teacher", "duplicate_in_file", "out_of_scope", "id_number_stored_as_number",
        "name_mismatch");
    assertThat(result.getInteger("valid")).isEqualTo(2);
    assertThat(result.getInteger("failed")).isEqualTo(6);
    assertThat(result.getInteger("applied")).isZero();
    JsonArray rows = result.getJsonArray("rows");
    assertThat(rows.getJsonObject(4).getString("message")).contains("第 2 行");
    assertThat(rows.getJsonObject(6).getString("message")).contains("数字").contains("文本");
    assertThat(rows.getJsonObject(0).getString("idNumber")).doesNotContain(a[0]);
    assertThat(offlineEntries()).isZero();

    Reply committed = upload(school, file, "false");
    assertThat(committed.json().getInteger("applied")).isEqualTo(2);
    assertThat(offlineEntries()).isEqualTo(2);
    assertThat(node.queryLong("select count(*) from credit_entry where source = 'OFFLINE_IMPORT' "
        + "and category = 'PUBLIC' and hours = 6 and credits = 2")).isEqualTo(1);

    Reply again = upload(school, file, "false");
    assertThat(again.json().getInteger("applied")).isZero();
    assertThat(codes(again.json()).subList(0, 2)).containsExactly("already_imported",
        "already_imported");
    assertThat(offlineEntries()).isEqualTo(2);

    Reply wider = upload(district, file, "true");
    assertThat(codes(wider.json()).get(5)).isNull();
  }

  @Test
  void theErrorReportKeepsIdNumbersAsTextNamesIntactAndFormulasInert() throws IOException {
    String[] a = {Demo.TEACHER, "王晓梅"};
    Buffer file = xlsx(List.of(
        new Line(IdNumber.of("22010220030101998").value(), false, "阿依古丽·𠇔", "学习包", 3, 1,
            "", year),
        new Line(a[0], true, a[1], "光盘", 3, 1, "", year),
        new Line(a[0], false, "-cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", 3, 1, "", year)));
    JsonObject result = upload(school, file, "true").json();

    Reply report = api.get(result.getString("errorReport"), school);

    assertThat(report.status()).isEqualTo(200);
    assertThat(report.header("Content-Type")).isEqualTo(XLSX);
    assertThat(report.header("Content-Disposition")).contains("filename*=UTF-8''"
        + "%E5%AD%A6%E5%88%86%E5%AF%BC%E5%85%A5%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A");
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report.raw().getBytes()))) {
      Sheet sheet = book.getSheetAt(0);
      assertThat(sheet.getLastRowNum()).isEqualTo(3);
      Row unknown = sheet.getRow(1);
      assertThat(unknown.getCell(1).getCellType()).isEqualTo(CellType.STRING);
      assertThat(unknown.getCell(1).getStringCellValue())
          .isEqualTo(IdNumber.of("22010220030101998").value());
      assertThat(unknown.getCell(2).getStringCellValue()).isEqualTo("阿依古丽·𠇔");
      assertThat(unknown.getCell(8).getStringCellValue()).isEqualTo("unknown_teacher");
      assertThat(sheet.getRow(2).getCell(1).getStringCellValue()).contains("E+17");
      Row injected = sheet.getRow(3);
      assertThat(injected.getCell(2).getStringCellValue()).isEqualTo("'-cmd|' /C calc'!A0");
      assertThat(injected.getCell(3).getStringCellValue()).isEqualTo("'=HYPERLINK(\"http://x\")");
      for (Row row : sheet) {
        row.forEach(cell -> assertThat(cell.getCellType()).isEqualTo(CellType.STRING));
      }
    }
    String other = api.login(idOfAdmin(otherSchool()), TestNode.TEACHER_PASSWORD);
    assertThat(api.get(result.getString("errorReport"), other).status()).isEqualTo(403);
  }

  @Test
  void aCommitIsOneTransactionSoAFailureHalfwayLeavesNothing() throws IOException {
    String[] a = teacher(otherSchool(), 1);
    String[] b = teacher(otherSchool(), 2);
    Buffer file = xlsx(List.of(
        new Line(a[0], false, a[1], "事务测试一", 3, 1, "", year),
        new Line(b[0], false, b[1], "事务测试-BOOM", 3, 1, "", year)));
    node.execute("""
        create function boom() returns trigger language plpgsql as $$
        begin
          if new.note like '%BOOM%' then raise exception 'injected failure'; end if;
          return new;
        end $$""");
    node.execute("create trigger boom before insert on credit_entry for each row execute "
        + "function boom()");
    long before = offlineEntries();
    try {
      Reply failed = upload(district, file, "false");

      assertThat(failed.status()).isEqualTo(500);
      assertThat(offlineEntries()).isEqualTo(before);
      assertThat(node.queryLong("select count(*) from credit_import where dry_run = false "
          + "and file_name = 'offline.xlsx' and applied_rows = 2")).isZero();
    } finally {
      node.execute("drop trigger boom on credit_entry");
    }
  }

  @Test
  void onlySchoolAndDistrictAdminsImportAndOnlyXlsxWithTheRightColumns() throws IOException {
    String teacher = api.login(Demo.TEACHER, TestNode.DEMO_PASSWORD);
    Buffer good = xlsx(List.of());
    Buffer text = Buffer.buffer("身份证号,姓名\n220102198503120019,王晓梅\n");

    assertThat(upload(teacher, good, "true").status()).isEqualTo(403);
    Reply notXlsx = upload(school, text, "true");
    assertThat(notXlsx.status()).isEqualTo(400);
    assertThat(notXlsx.error()).isEqualTo("not_xlsx");
    Reply empty = upload(school, good, "true");
    assertThat(empty.error()).isEqualTo("empty_file");
    Reply badHeader = upload(school, headerOnly("身份证号", "姓名"), "true");
    assertThat(badHeader.error()).isEqualTo("bad_template");
    assertThat(badHeader.json().getString("message")).contains("课程或学习包");
    assertThat(upload(school, good, "maybe").status()).isEqualTo(400);
  }

  private static Reply upload(String token, Buffer file, String dryRun) {
    return Multipart.post(api, "/api/admin/credit-imports?dryRun=" + dryRun, token, Map.of(),
        "file", "offline.xlsx", XLSX, file);
  }

  private static List<String> codes(JsonObject result) {
    List<String> codes = new ArrayList<>();
    result.getJsonArray("rows").forEach(r -> codes.add(((JsonObject) r).getString("code")));
    return codes;
  }

  private static long offlineEntries() {
    return node.queryLong("select count(*) from credit_entry where source = 'OFFLINE_IMPORT'");
  }

  private static Buffer xlsx(List<Line> lines) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet sheet = book.createSheet("学分");
      Row header = sheet.createRow(0);
      for (int i = 0; i < HEADER.length; i++) {
        header.createCell(i).setCellValue(HEADER[i]);
      }
      int r = 1;
      for (Line line : lines) {
        Row row = sheet.createRow(r++);
        if (line.numericId()) {
          row.createCell(0).setCellValue(Double.parseDouble(line.id()));
        } else {
          row.createCell(0).setCellValue(line.id());
        }
        row.createCell(1).setCellValue(line.name());
        row.createCell(2).setCellValue(line.course());
        set(row, 3, line.hours());
        set(row, 4, line.credits());
        row.createCell(5).setCellValue(line.category());
        set(row, 6, line.year());
      }
      book.write(out);
      return Buffer.buffer(out.toByteArray());
    }
  }

  private static Buffer headerOnly(String... names) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Row header = book.createSheet().createRow(0);
      for (int i = 0; i < names.length; i++) {
        header.createCell(i).setCellValue(names[i]);
      }
      book.write(out);
      return Buffer.buffer(out.toByteArray());
    }
  }

  private static void set(Row row, int column, Object value) {
    if (value instanceof Number number) {
      row.createCell(column).setCellValue(number.doubleValue());
    } else {
      row.createCell(column).setCellValue((String) value);
    }
  }

  /** ID number and name of the nth plain teacher of a school. */
  private static String[] teacher(long schoolId, int nth) {
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(
        "select a.id_number, a.name from account a where a.org_id = ? and a.status = 'ACTIVE' "
            + "and not exists (select 1 from account_role r where r.account_id = a.id "
            + "and r.role <> 'TEACHER') order by a.id offset ? limit 1")) {
      statement.setLong(1, schoolId);
      statement.setInt(2, nth);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return new String[] {rows.getString(1), rows.getString(2)};
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long otherSchool() {
    return node.queryLong("select min(o.id) from org_unit o join account_role r "
        + "on r.org_id = o.id and r.role = 'SCHOOL_ADMIN' where o.kind = 'SCHOOL' "
        + "and o.district_id = (select org_id from account where id = 3) and o.id <> ?",
        demoSchool);
  }

  private static String idOfAdmin(long schoolId) {
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(
        "select a.id_number from account a join account_role r on r.account_id = a.id "
            + "and r.role = 'SCHOOL_ADMIN' where r.org_id = ? order by a.id limit 1")) {
      statement.setLong(1, schoolId);
      try (var rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
