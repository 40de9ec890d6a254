package org.jijiao.learning;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jijiao.common.ApiException;
import org.jijiao.common.Bodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.learning.LearningStore.Media;

/**
 * {@code GET /api/media/{videoId}}: the course video file with single-range support (206,
 * 416, or the whole file), for teachers who selected the course, its lead, tutors and
 * admins. A player asks for many ranges of one file, so an access decision is remembered
 * for a minute per (caller, video). The file is sent by the event loop's zero-copy path
 * after an asynchronous size lookup; nothing here blocks.
 */
public final class MediaHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(MediaHandler.class);

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private final Vertx vertx;
  private final LearningStore store;
  private final Path mediaDir;
  private final Cache<String, Path> granted = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(1))
      .build();

  public MediaHandler(Vertx vertx, LearningStore store, String mediaDir) {
    this.vertx = vertx;
    this.store = store;
    this.mediaDir = Path.of(mediaDir).toAbsolutePath().normalize();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long videoId = Bodies.pathId(ctx, "videoId");
    Principal principal = Principal.of(ctx);
    String rangeHeader = ctx.request().getHeader("Range");

    fileFor(principal, videoId)
        .compose(file -> vertx.fileSystem().props(file.toString())
            .recover(e -> Future.failedFuture(ApiException.notFound("视频文件不存在")))
            .compose(props -> send(ctx.response(), file, props.size(), rangeHeader)))
        .onFailure(failure -> {
          // Players cancel range requests all the time (seeking, buffering ahead): a closed
          // connection during sendFile is normal, not a server error.
          if (ctx.response().headWritten() || ctx.response().closed()
              || failure instanceof java.io.IOException) {
            LOG.debug("event=media_send_aborted video={} reason={}", videoId, failure.toString());
            return;
          }
          ctx.fail(failure);
        });
  }

  private Future<Path> fileFor(Principal principal, long videoId) {
    String key = principal.userId() + ":" + videoId;
    Path known = granted.getIfPresent(key);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return store.media(videoId, principal.userId()).map(found -> {
      Media media = found.orElseThrow(() -> ApiException.notFound("视频不存在"));
      if (!allowed(principal, media)) {
        throw ApiException.forbidden("请先选修该课程再观看视频");
      }
      Path file = mediaDir.resolve(media.file()).normalize();
      if (!file.startsWith(mediaDir)) {
        throw ApiException.notFound("视频文件不存在");
      }
      granted.put(key, file);
      return file;
    });
  }

  private static boolean allowed(Principal principal, Media media) {
    if (media.selectedByCaller() || principal.hasAny(Role.ANY_ADMIN)
        || principal.has(Role.TUTOR)) {
      return true;
    }
    return principal.has(Role.COURSE_LEAD) && media.leadId() != null
        && media.leadId() == principal.userId();
  }

  private static Future<Void> send(HttpServerResponse response, Path file, long size,
      String rangeHeader) {
    response.putHeader("Accept-Ranges", "bytes")
        .putHeader("Content-Type", contentType(file))
        .putHeader("Cache-Control", "private, max-age=3600")
        // Video is already compressed, and a gzip body would not match Content-Range.
        .putHeader("Content-Encoding", "identity");
    long[] range;
    try {
      range = range(rangeHeader, size);
    } catch (IllegalArgumentException unsatisfiable) {
      return response.setStatusCode(416)
          .putHeader("Content-Range", "bytes */" + size)
          .end();
    }
    if (range == null) {
      return response.setStatusCode(200).sendFile(file.toString(), 0, size);
    }
    long length = range[1] - range[0] + 1;
    return response.setStatusCode(206)
        .putHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size)
        .sendFile(file.toString(), range[0], length);
  }

  /**
   * The inclusive byte range asked for, {@code null} for the whole file (no header, or
   * several ranges, which a server may answer whole); throws IllegalArgumentException when
   * the range is malformed or cannot be satisfied (416).
   */
  static long[] range(String header, long size) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.contains(",")) {
      return null;
    }
    Matcher m = RANGE.matcher(value);
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty() || size == 0) {
      throw new IllegalArgumentException("unsatisfiable");
    }
    long start;
    long end;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0) {
        throw new IllegalArgumentException("unsatisfiable");
      }
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    }
    if (start >= size || start > end) {
      throw new IllegalArgumentException("unsatisfiable");
    }
    return new long[] {start, end};
  }

  private static String contentType(Path file) {
    String name = file.getFileName().toString().toLowerCase();
    if (name.endsWith(".mp4") || name.endsWith(".m4v")) {
      return "video/mp4";
    }
    if (name.endsWith(".webm")) {
      return "video/webm";
    }
    return "application/octet-stream";
  }
}
