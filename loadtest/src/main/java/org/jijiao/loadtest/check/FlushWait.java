package org.jijiao.loadtest.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import org.jijiao.loadtest.server.AdminLogin;
import org.jijiao.loadtest.server.JijiaoClient;
import org.jijiao.loadtest.server.Settings;

/**
 * Waits until the server's last flush is done before the database is judged. The server
 * may answer GET /api/admin/ops/flush-status; its shape is not fixed by the contract, so
 * any of these is understood: a count named pending/dirty/backlog/queued reaching zero, or
 * idle/drained becoming true. Without a usable answer, twice the flush interval is waited.
 */
final class FlushWait {

  /** How long the wait took, how it ended, and the server's own lag figure if it gave one. */
  record Outcome(long waitedMs, String how, Long serverLagMs) {
  }

  private static final List<String> BACKLOG_FIELDS = List.of("pending", "dirty", "backlog", "queued");
  private static final List<String> DONE_FIELDS = List.of("idle", "drained");
  private static final long POLL_MS = 250;

  private final Settings settings;
  private final long flushIntervalMs;
  private final long timeoutMs;

  FlushWait(Settings settings, long flushIntervalMs, long timeoutMs) {
    this.settings = settings;
    this.flushIntervalMs = flushIntervalMs;
    this.timeoutMs = timeoutMs;
  }

  Outcome await(Connection db) throws InterruptedException {
    long start = System.currentTimeMillis();
    JijiaoClient client = new JijiaoClient(settings.baseUrl());
    AdminLogin.Result admin = AdminLogin.login(settings, client, db);
    if (!admin.ok()) {
      return sleepInstead(start, "no flush-status (" + admin.problem() + ")");
    }
    while (System.currentTimeMillis() - start < timeoutMs) {
      JijiaoClient.Answer answer;
      try {
        answer = client.get("/api/admin/ops/flush-status", admin.token());
      } catch (IOException e) {
        return sleepInstead(start, "flush-status unreachable: " + e.getMessage());
      }
      if (answer.status() != 200) {
        return sleepInstead(start, "flush-status answered " + answer.status());
      }
      Boolean done = drained(answer.body());
      if (done == null) {
        return sleepInstead(start, "flush-status shape not understood: " + answer.body());
      }
      if (done) {
        return new Outcome(System.currentTimeMillis() - start, "flush-status reported drained",
            lag(answer.body()));
      }
      Thread.sleep(POLL_MS);
    }
    return new Outcome(System.currentTimeMillis() - start,
        "TIMED OUT after " + timeoutMs + " ms with the flush still behind", null);
  }

  private Outcome sleepInstead(long start, String why) throws InterruptedException {
    Thread.sleep(2 * flushIntervalMs);
    return new Outcome(System.currentTimeMillis() - start,
        why + "; slept 2 x flush interval (" + flushIntervalMs + " ms)", null);
  }

  /** True when drained, false when not yet, null when the body says neither. */
  private static Boolean drained(JsonNode body) {
    for (String field : DONE_FIELDS) {
      if (body.path(field).isBoolean()) {
        return body.path(field).asBoolean();
      }
    }
    Boolean result = null;
    for (String field : BACKLOG_FIELDS) {
      if (body.path(field).isNumber()) {
        result = (result == null || result) && body.path(field).asLong() == 0;
      }
    }
    return result;
  }

  private static Long lag(JsonNode body) {
    for (String field : List.of("lagMs", "flushLagMs", "lastFlushLagMs")) {
      if (body.path(field).isNumber()) {
        return body.path(field).asLong();
      }
    }
    return null;
  }
}
