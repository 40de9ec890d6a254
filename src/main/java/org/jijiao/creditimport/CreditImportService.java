package org.jijiao.creditimport;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.sqlclient.Pool;
import java.io.File;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.Beijing;
import org.jijiao.common.Text;
import org.jijiao.identity.Principal;
import org.jijiao.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline and disc credits imported from an .xlsx: every row checked on its own, then
 * against the accounts (exists, active, same name, in the uploader's scope), the file itself
 * (duplicates) and the ledger (imported before). A dry run only reports; a commit applies
 * every valid row in one transaction, keyed by a hash of ID number + course/pack + year, so
 * importing the same file again adds nothing. Excel is read and written on a small worker
 * pool with a bounded number of jobs in flight.
 */
public final class CreditImportService {

  private static final Logger LOG = LoggerFactory.getLogger(CreditImportService.class);

  private final Pool pool;
  private final CreditImportStore store = new CreditImportStore();
  private final WorkerExecutor excel;
  private final int capacity;
  private final int maxRows;
  private final AtomicInteger inFlight = new AtomicInteger();

  public CreditImportService(Platform platform) {
    int workers = platform.config().integer("excel.workers", 1, 16);
    this.pool = platform.pool();
    this.excel = platform.vertx().createSharedWorkerExecutor("jijiao-excel", workers);
    this.capacity = workers * 4;
    this.maxRows = platform.config().integer("creditImport.maxRows", 10, 100_000);
  }

  public Future<JsonObject> run(Principal uploader, FileUpload upload, boolean dryRun) {
    int thisYear = Beijing.yearOf(Instant.now());
    String fileName = Text.truncate(upload.fileName() == null ? "upload.xlsx" : upload.fileName(),
        100);

    return blocking(() -> ImportSheet.read(new File(upload.uploadedFileName()), maxRows))
        .compose(parsed -> {
          List<RowCheck.Result> rows = parsed.rows().stream()
              .map(raw -> RowCheck.check(raw, thisYear))
              .toList();
          if (rows.isEmpty()) {
            throw ApiException.badRequest("empty_file", "文件中没有数据行");
          }
          return checkAgainstStores(uploader, rows)
              .compose(v -> dryRun ? record(uploader, fileName, parsed.sha256(), rows, true)
                  : commit(uploader, fileName, parsed.sha256(), rows));
        });
  }

  private Future<Void> checkAgainstStores(Principal uploader, List<RowCheck.Result> rows) {
    List<String> ids = rows.stream().filter(RowCheck.Result::ok).map(r -> r.idNumber)
        .distinct().toList();
    return store.teachers(pool, ids).compose(teachers -> {
      Map<String, Integer> firstRow = new HashMap<>();
      for (RowCheck.Result row : rows) {
        if (row.ok()) {
          matchTeacher(row, teachers.get(row.idNumber), uploader.scopePath());
        }
        if (row.ok()) {
          Integer first = firstRow.putIfAbsent(row.sourceRef, row.raw.rowNumber());
          if (first != null) {
            row.fail("duplicate_in_file", "与第 " + first + " 行重复（同一教师、同一课程或学习包、同一年度）");
          }
        }
      }
      List<String> refs = rows.stream().filter(RowCheck.Result::ok).map(r -> r.sourceRef)
          .toList();
      return store.imported(pool, refs);
    }).map(imported -> {
      rows.stream().filter(RowCheck.Result::ok).forEach(row -> {
        String when = imported.get(row.sourceRef);
        if (when != null) {
          row.fail("already_imported", "该记录已于 " + when + " 导入，不会重复计入");
        }
      });
      return null;
    });
  }

  private static void matchTeacher(RowCheck.Result row, CreditImportStore.Teacher teacher,
      String scope) {
    if (teacher == null) {
      row.fail("unknown_teacher", "系统中没有该身份证号的教师，请核对身份证号");
    } else if (!teacher.path().startsWith(scope)) {
      row.fail("out_of_scope", "该教师不在您的管理范围内，请由其所在学校或县区导入");
    } else if (!"ACTIVE".equals(teacher.status())) {
      row.fail("teacher_inactive", "该教师账号尚未启用或已停用");
    } else if (!RowCheck.normaliseName(teacher.name()).equals(RowCheck.normaliseName(row.name))) {
      row.fail("name_mismatch", "姓名与该身份证号登记的姓名不一致，请核对");
    } else {
      row.teacherId = teacher.id();
    }
  }

  /** One transaction: the ledger entries, the import record and its audit line. */
  private Future<JsonObject> commit(Principal uploader, String fileName, String sha256,
      List<RowCheck.Result> rows) {
    List<RowCheck.Result> valid = rows.stream().filter(RowCheck.Result::ok).toList();
    return pool.withTransaction(tx -> store.insertEntries(tx, valid, uploader.userId())
        .compose(inserted -> {
          // Rows another upload committed between our check and this insert.
          valid.stream().filter(r -> !inserted.contains(r.sourceRef))
              .forEach(r -> r.fail("already_imported", "该记录刚被其他导入计入，不会重复计入"));
          JsonObject counts = counts(rows, false);
          JsonArray stored = stored(rows, false);
          return store.insertImport(tx, uploader.userId(), uploader.orgId(), fileName, sha256,
                  false, counts, stored)
              .compose(saved -> Audit.record(tx, uploader.userId(), "credit_import.commit",
                      "credit_import", saved.getLong("id"), uploader.orgId(), counts.copy()
                          .put("fileName", fileName).put("sha256", sha256))
                  .map(v -> answer(saved, fileName, false, counts, rows)));
        }))
        .onSuccess(a -> LOG.info("event=credit_import_committed id={} applied={} failed={}",
            a.getLong("importId"), a.getInteger("applied"), a.getInteger("failed")));
  }

  private Future<JsonObject> record(Principal uploader, String fileName, String sha256,
      List<RowCheck.Result> rows, boolean dryRun) {
    JsonObject counts = counts(rows, dryRun);
    return store.insertImport(pool, uploader.userId(), uploader.orgId(), fileName, sha256, dryRun,
            counts, stored(rows, dryRun))
        .map(saved -> answer(saved, fileName, dryRun, counts, rows));
  }

  /** A stored import, for its uploader or an admin whose scope covers the uploader's org. */
  public Future<JsonObject> find(Principal caller, long id) {
    return visible(caller, id).map(found -> {
      JsonArray rows = new JsonArray();
      found.rows().forEach(r -> rows.add(view((JsonObject) r)));
      return found.summary().copy().put("rows", rows).put("errorReport",
          found.summary().getInteger("failed") > 0 ? reportPath(id) : null);
    });
  }

  public Future<Buffer> errorReport(Principal caller, long id) {
    return visible(caller, id)
        .compose(found -> blocking(() -> ErrorReport.write(found.rows())))
        .map(Buffer::buffer);
  }

  private Future<CreditImportStore.Stored> visible(Principal caller, long id) {
    return store.find(pool, id).map(found -> {
      CreditImportStore.Stored stored = found
          .orElseThrow(() -> ApiException.notFound("导入记录不存在"));
      if (stored.uploaderId() != caller.userId() && !caller.covers(stored.path())) {
        throw ApiException.outOfScope();
      }
      return stored;
    });
  }

  private <T> Future<T> blocking(Callable<T> work) {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      return Future.failedFuture(ApiException.overloaded("正在处理的 Excel 文件较多，请稍后重试", 5));
    }
    return excel.executeBlocking(work, false).andThen(done -> inFlight.decrementAndGet());
  }

  private static JsonObject counts(List<RowCheck.Result> rows, boolean dryRun) {
    int failed = (int) rows.stream().filter(r -> !r.ok()).count();
    int valid = rows.size() - failed;
    return new JsonObject()
        .put("total", rows.size())
        .put("valid", valid)
        .put("applied", dryRun ? 0 : valid)
        .put("failed", failed);
  }

  private static JsonArray stored(List<RowCheck.Result> rows, boolean dryRun) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(r.toStored(!r.ok() ? "ERROR" : dryRun ? "VALID" : "APPLIED")));
    return out;
  }

  private static JsonObject answer(JsonObject saved, String fileName, boolean dryRun,
      JsonObject counts, List<RowCheck.Result> rows) {
    long id = saved.getLong("id");
    JsonArray items = new JsonArray();
    stored(rows, dryRun).forEach(r -> items.add(view((JsonObject) r)));
    return counts.copy()
        .put("importId", id)
        .put("fileName", fileName)
        .put("dryRun", dryRun)
        .put("createdAt", saved.getString("createdAt"))
        .put("rows", items)
        .put("errorReport", counts.getInteger("failed") > 0 ? reportPath(id) : null);
  }

  /** A row as the API shows it: the ID number masked, the rest as typed. */
  private static JsonObject view(JsonObject stored) {
    JsonObject typed = stored.getJsonObject("typed");
    return new JsonObject()
        .put("row", stored.getInteger("row"))
        .put("idNumber", mask(typed.getString(ImportSheet.ID)))
        .put("name", typed.getString(ImportSheet.NAME))
        .put("course", typed.getString(ImportSheet.COURSE))
        .put("hours", typed.getString(ImportSheet.HOURS))
        .put("credits", typed.getString(ImportSheet.CREDITS))
        .put("category", typed.getString(ImportSheet.CATEGORY))
        .put("year", typed.getString(ImportSheet.YEAR))
        .put("status", stored.getString("status"))
        .put("code", stored.getString("code"))
        .put("message", stored.getString("message"));
  }

  private static String mask(String typed) {
    if (typed == null || typed.length() < 14 || typed.contains("E")) {
      return typed;
    }
    return typed.substring(0, 6) + "*".repeat(typed.length() - 10)
        + typed.substring(typed.length() - 4);
  }

  private static String reportPath(long id) {
    return "/api/admin/credit-imports/" + id + "/errors.xlsx";
  }
}
