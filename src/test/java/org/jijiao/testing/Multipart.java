package org.jijiao.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.Map;

/** Multipart uploads for tests, answered like {@link TestClient}'s other requests. */
public final class Multipart {

  private Multipart() {
  }

  public static TestClient.Reply post(TestClient client, String path, String token,
      Map<String, String> fields, String fileField, String fileName, String mediaType,
      Buffer content) {
    MultipartForm form = MultipartForm.create();
    fields.forEach(form::attribute);
    if (fileField != null) {
      form.binaryFileUpload(fileField, fileName, content, mediaType);
    }
    HttpRequest<Buffer> request = client.web().post(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return TestClient.reply(request.sendMultipartForm(form));
  }
}
