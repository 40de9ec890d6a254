package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;

/**
 * The HTTP side's handle on the approvals verticle, wherever in the cluster it runs. Every
 * method fails with the {@link ApiException} the engine raised, or 503 when no engine
 * answered in time.
 */
public final class ApprovalClient {

  private static final long TIMEOUT_MS = 30_000;

  private final EventBus bus;

  public ApprovalClient(EventBus bus) {
    this.bus = bus;
  }

  public Future<JsonObject> submit(String flow, Principal applicant, JsonObject payload) {
    return request("submit", new JsonObject().put("flow", flow)
        .put("caller", Actors.toJson(applicant)).put("payload", payload));
  }

  public Future<JsonObject> decide(Principal actor, long id, Decision decision, String comment) {
    return request("decide", new JsonObject().put("caller", Actors.toJson(actor)).put("id", id)
        .put("decision", decision.name()).put("comment", comment));
  }

  public Future<JsonObject> cancel(Principal applicant, long id) {
    return request("cancel", new JsonObject().put("caller", Actors.toJson(applicant))
        .put("id", id));
  }

  public Future<JsonObject> inbox(Principal actor, String flow, String status, int page,
      int size) {
    return request("inbox", new JsonObject().put("caller", Actors.toJson(actor))
        .put("flow", flow).put("status", status).put("page", page).put("size", size));
  }

  public Future<JsonObject> detail(Principal caller, long id, boolean asApplicant) {
    return request("detail", new JsonObject().put("caller", Actors.toJson(caller)).put("id", id)
        .put("asApplicant", asApplicant));
  }

  public Future<JsonObject> mine(Principal applicant, String flow, int page, int size) {
    return request("mine", new JsonObject().put("caller", Actors.toJson(applicant))
        .put("flow", flow).put("page", page).put("size", size));
  }

  private Future<JsonObject> request(String action, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader("action", action)
        .setSendTimeout(TIMEOUT_MS);
    return bus.<JsonObject>request(ApprovalVerticle.ADDRESS, body, options)
        .map(Message::body)
        .recover(e -> Future.failedFuture(translate(e)));
  }

  static Throwable translate(Throwable e) {
    if (!(e instanceof ReplyException reply)) {
      return e;
    }
    if (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return ApiException.overloaded("审批服务暂时不可用，请稍后重试", 5);
    }
    JsonObject error;
    try {
      error = new JsonObject(reply.getMessage());
    } catch (DecodeException | NullPointerException bad) {
      return ApiException.of(500, "internal_error", "服务器内部错误，请稍后重试");
    }
    String field = error.getString("field");
    if (field != null && reply.failureCode() == 400) {
      return ApiException.invalidField(field, error.getString("error"), error.getString("message"));
    }
    return ApiException.of(reply.failureCode(), error.getString("error"),
        error.getString("message"));
  }
}
