package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;
import org.jijiao.common.ApiException;
import org.jijiao.common.Downloads;
import org.jijiao.common.Text;

/**
 * Certificates and other evidence files. A file is judged by its first bytes, never by its
 * name or the type the browser declared: only PDF, JPEG and PNG signatures pass, so an SVG or
 * HTML page renamed to .png is refused. Accepted files move out of the upload directory
 * (which is emptied at the end of every request) into their own, under a random name.
 */
public final class Certificates {

  private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  private static final String STORED_NAME = "[0-9a-f-]{36}\\.(pdf|jpg|png)";

  private final WorkerExecutor files;
  private final Path dir;
  private final long maxBytes;

  public Certificates(Vertx vertx, String filesDir, long maxBytes) {
    this.files = vertx.createSharedWorkerExecutor("jijiao-files", 2);
    this.dir = Path.of(filesDir, "certificates");
    this.maxBytes = maxBytes;
  }

  /** Checks and keeps an uploaded file; fails with 413 (too large) or 415 (not allowed). */
  public Future<JsonObject> keep(FileUpload upload) {
    if (upload.size() > maxBytes) {
      return Future.failedFuture(tooLarge());
    }
    return files.executeBlocking(() -> {
      String type = detect(head(Path.of(upload.uploadedFileName())));
      if (type == null) {
        throw ApiException.of(415, "unsupported_file_type",
            "证明材料只能是 PDF、JPEG 或 PNG 文件（按文件内容识别，不看扩展名）");
      }
      Files.createDirectories(dir);
      String stored = UUID.randomUUID() + "." + extension(type);
      Files.move(Path.of(upload.uploadedFileName()), dir.resolve(stored),
          StandardCopyOption.REPLACE_EXISTING);
      return new JsonObject()
          .put("storedAs", stored)
          .put("type", type)
          .put("size", upload.size())
          .put("fileName", Text.truncate(upload.fileName() == null ? stored : upload.fileName(),
              100));
    }, false);
  }

  /** Removes a kept file whose request did not go through, so nothing half-made remains. */
  public Future<Void> discard(JsonObject kept) {
    return files.executeBlocking(() -> {
      Files.deleteIfExists(dir.resolve(kept.getString("storedAs")));
      return null;
    }, false);
  }

  /** Sends a kept file as a download with its own type and its Chinese name intact. */
  public void send(RoutingContext ctx, JsonObject kept) {
    String stored = kept == null ? null : kept.getString("storedAs");
    if (stored == null || !stored.matches(STORED_NAME)) {
      ctx.fail(ApiException.notFound("该申请没有附件"));
      return;
    }
    Downloads.attachment(ctx.response(), kept.getString("type"), kept.getString("fileName"),
        stored);
    ctx.response().sendFile(dir.resolve(stored).toString()).onFailure(ctx::fail);
  }

  public long maxBytes() {
    return maxBytes;
  }

  public ApiException tooLarge() {
    return ApiException.of(413, "file_too_large",
        "证明材料不能超过 " + (maxBytes / 1024) + " KB，请压缩或拆分后重新上传");
  }

  static String detect(byte[] head) {
    if (startsWith(head, PDF)) {
      return "application/pdf";
    }
    if (startsWith(head, JPEG)) {
      return "image/jpeg";
    }
    if (startsWith(head, PNG)) {
      return "image/png";
    }
    return null;
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(16);
    }
  }

  private static boolean startsWith(byte[] head, byte[] signature) {
    return head.length >= signature.length
        && Arrays.equals(head, 0, signature.length, signature, 0, signature.length);
  }

  private static String extension(String type) {
    return switch (type) {
      case "application/pdf" -> "pdf";
      case "image/jpeg" -> "jpg";
      default -> "png";
    };
  }
}
