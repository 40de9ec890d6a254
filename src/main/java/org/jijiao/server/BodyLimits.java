package org.jijiao.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * JSON bodies are small and capped tightly; multipart uploads get their own, larger limit
 * and land in the upload directory, from which the capability moves or deletes them.
 */
public final class BodyLimits implements Handler<RoutingContext> {

  private final BodyHandler json;
  private final BodyHandler uploads;

  public BodyLimits(long jsonLimitBytes, long uploadLimitBytes, String uploadDir) {
    this.json = BodyHandler.create(false).setBodyLimit(jsonLimitBytes);
    this.uploads = BodyHandler.create(uploadDir).setBodyLimit(uploadLimitBytes)
        .setDeleteUploadedFilesOnEnd(true);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/form-data")) {
      uploads.handle(ctx);
    } else {
      json.handle(ctx);
    }
  }
}
