package org.jijiao.loadtest.sim;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.List;
import org.jijiao.loadtest.record.OutcomeLog;

/**
 * Sends one request the way a patient client does and records its answer. A 503 is the
 * server's planned refusal under overload: it is counted as such, the client waits what
 * Retry-After asks and tries again within the retry policy, and the run goes on.
 */
final class Calls {

  static final String STATUS = "status";
  private static final String LATENCY = "latencyMs";
  private static final String RETRY_AFTER = "retryAfter";
  private static final String ATTEMPT = "attempt";

  private final RunContext run;

  Calls(RunContext run) {
    this.run = run;
  }

  /** One attempt, no retry: a heartbeat is superseded by the next one anyway. */
  ChainBuilder once(String name, HttpRequestActionBuilder request, List<Integer> accepted,
      CheckBuilder... saves) {
    return exec(session -> session.removeAll(STATUS, LATENCY, RETRY_AFTER))
        .exec(checked(request, accepted, saves))
        .exec(session -> record(session, name, accepted));
  }

  /** Up to retry.maxAttempts attempts while the server answers 503. */
  ChainBuilder withRetry(String name, HttpRequestActionBuilder request, List<Integer> accepted,
      CheckBuilder... saves) {
    return exec(session -> session.set(ATTEMPT, 0))
        .asLongAs(this::wantsAttempt)
        .on(
            exec(session -> session.set(ATTEMPT, session.getInt(ATTEMPT) + 1))
                .exec(once(name, request, accepted, saves))
                .doIf(this::wantsAttempt)
                .then(pause(session -> Duration.ofSeconds(
                    run.retry.waitSeconds(session.getString(RETRY_AFTER))))));
  }

  static int statusOf(Session session) {
    Integer status = session.getIntegerWrapper(STATUS);
    return status == null ? OutcomeLog.NO_ANSWER : status;
  }

  static boolean answered(Session session, List<Integer> accepted) {
    return accepted.contains(statusOf(session));
  }

  private boolean wantsAttempt(Session session) {
    int attempt = session.getInt(ATTEMPT);
    return attempt == 0 || (statusOf(session) == 503 && attempt < run.retry.maxAttempts());
  }

  /**
   * Status and latency are saved first and the validating check goes last: Gatling stops at
   * the first failing check, and a refused answer must still be counted by its status.
   */
  private static HttpRequestActionBuilder checked(HttpRequestActionBuilder request,
      List<Integer> accepted, CheckBuilder... saves) {
    return request
        .check(
            status().saveAs(STATUS),
            responseTimeInMillis().saveAs(LATENCY),
            header("Retry-After").optional().saveAs(RETRY_AFTER))
        .check(saves)
        .check(status().in(accepted));
  }

  private Session record(Session session, String name, List<Integer> accepted) {
    Integer latency = session.getIntegerWrapper(LATENCY);
    run.outcomes.record(name, statusOf(session), latency == null ? 0 : latency,
        answered(session, accepted), System.currentTimeMillis());
    return session;
  }
}
