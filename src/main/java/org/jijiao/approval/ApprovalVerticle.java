package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jijiao.common.ApiException;
import org.jijiao.notify.Notifier;
import org.jijiao.platform.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approvals verticle: the workflow engine behind one event-bus address, request-reply in
 * JSON, with the action in the {@code action} header. Domain failures travel back as
 * {@code fail(status, {"error","message","field"})}; {@link ApprovalClient} turns them into
 * the same {@link ApiException} the engine raised.
 */
public final class ApprovalVerticle extends VerticleBase {

  public static final String ADDRESS = "jijiao.approval";

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalVerticle.class);

  private final Platform platform;
  private ApprovalEngine engine;

  public ApprovalVerticle(Platform platform) {
    this.platform = platform;
  }

  @Override
  public Future<?> start() {
    var orgs = platform.orgs();
    engine = new ApprovalEngine(platform.pool(), orgs, new Notifier(vertx.eventBus()), List.of(
        new RegistrationRules(orgs),
        new NewSchoolRules(platform.access(), orgs, vertx.eventBus()),
        new AdminChangeRules(platform.access(), platform.revocations()),
        new TransferRules(orgs, platform.revocations()),
        new DeclarationRules(),
        new AppealRules()));
    return engine.load()
        .compose(v -> vertx.eventBus().<JsonObject>consumer(ADDRESS, this::handle).completion());
  }

  private void handle(Message<JsonObject> msg) {
    String action = msg.headers().get("action");
    Future.succeededFuture(msg.body())
        .compose(body -> dispatch(action, body))
        .onSuccess(msg::reply)
        .onFailure(e -> fail(msg, action, e));
  }

  private Future<JsonObject> dispatch(String action, JsonObject body) {
    var caller = Actors.fromJson(body.getJsonObject("caller"));
    String flow = body.getString("flow");
    return switch (action == null ? "" : action) {
      case "submit" -> engine.submit(flow, caller, body.getJsonObject("payload"));
      case "decide" -> engine.decide(caller, body.getLong("id"),
          Decision.valueOf(body.getString("decision")), body.getString("comment"));
      case "cancel" -> engine.cancel(caller, body.getLong("id"));
      case "inbox" -> engine.inbox(caller, flow, body.getString("status"),
          body.getInteger("page"), body.getInteger("size"));
      case "detail" -> engine.detail(caller, body.getLong("id"),
          body.getBoolean("asApplicant", false));
      case "mine" -> engine.mine(caller, flow, body.getInteger("page"), body.getInteger("size"));
      default -> Future.failedFuture(ApiException.badRequest("unknown_action", "未知的审批操作"));
    };
  }

  private static void fail(Message<JsonObject> msg, String action, Throwable e) {
    if (e instanceof ApiException api) {
      msg.fail(api.status(), new JsonObject()
          .put("error", api.code())
          .put("message", api.getMessage())
          .put("field", api.field())
          .encode());
      return;
    }
    LOG.error("event=approval_action_failed action={}", action, e);
    msg.fail(500, new JsonObject().put("error", "internal_error")
        .put("message", "服务器内部错误，请稍后重试").encode());
  }
}
