package org.jijiao.approval;

import static org.jijiao.approval.ApprovalFlows.label;
import static org.jijiao.approval.ApprovalFlows.link;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import org.jijiao.audit.Audit;
import org.jijiao.common.ApiException;
import org.jijiao.common.DbErrors;
import org.jijiao.identity.Principal;
import org.jijiao.notify.Notice;
import org.jijiao.notify.Notifier;
import org.jijiao.org.OrgUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deciding side of the approval engine: submits instances, moves them step by step on
 * reviewers' decisions and lets applicants withdraw before the first review.
 *
 * <p>Concurrency is optimistic: a decision applies only to the step and version it read
 * ({@code where step = $n and version = $v}); the loser of a race changes nothing and is
 * told 409 {@code already_decided}, unless it is the same reviewer repeating the same
 * decision, who gets the first result again. The unique (approval, step) history key is the
 * backstop. Notices go out only after the commit, and only from the winner.
 */
final class ApprovalDecisions {

  // Logged under the engine's name, as before this class was split out of it, so that
  // existing log filters keep matching.
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalEngine.class);

  /** Marks a decision whose conditional update found the instance already moved on. */
  private static final class Lost extends RuntimeException {
    Lost() {
      super("lost the race", null, false, false);
    }
  }

  private record Move(int step, String status, String actingRole, Long actingOrgId) {
  }

  private record Applied(JsonObject result, Move move, JsonObject outcome) {
  }

  private final Pool pool;
  private final ApprovalStore store;
  private final ApprovalFlows flows;
  private final ApprovalQueries queries;
  private final Notifier notifier;

  ApprovalDecisions(Pool pool, ApprovalStore store, ApprovalFlows flows, ApprovalQueries queries,
      Notifier notifier) {
    this.pool = pool;
    this.store = store;
    this.flows = flows;
    this.queries = queries;
    this.notifier = notifier;
  }

  // ---- submit ----------------------------------------------------------------------------

  Future<JsonObject> submit(String flowCode, Principal applicant, JsonObject payload) {
    Flow flow = flows.flow(flowCode);
    FlowRules flowRules = flows.rules(flowCode);
    Flow.Step first = flow.step(1);

    return pool.withTransaction(tx -> flowRules.prepare(tx, applicant, payload)
            .compose(draft -> insert(tx, flow, first, draft)))
        .recover(e -> Future.failedFuture(DbErrors.isUniqueViolation(e,
            "approval_one_open_per_subject")
            ? ApiException.conflict("already_pending", "已有相同的申请正在审批中，请勿重复提交")
            : e))
        .onSuccess(instance -> notifier.send(new Notice(instance.applicantId(), "APPROVAL",
            flow.name() + "已提交", instance.title() + "：已提交，等待" + label(first) + "审核。",
            link(instance.id()), "approval:" + instance.id() + ":submitted")))
        .map(instance -> queries.view(instance, flow));
  }

  private Future<Instance> insert(SqlConnection tx, Flow flow, Flow.Step first,
      FlowRules.Draft draft) {
    OrgUnit acting = flows.actingOrg(first, draft.orgId(), draft.targetOrgId());
    return store.insert(tx, flow.code(), draft, first.role().name(), acting.id())
        .compose(id -> store.addHistory(tx, id, 0, draft.applicantId(), "SUBMIT", null,
                draft.orgId())
            .compose(at -> Audit.record(tx, draft.applicantId(), "approval.submit", "approval",
                id, draft.orgId(), new JsonObject().put("flow", flow.code())
                    .put("title", draft.title())))
            .compose(v -> store.find(tx, id))
            .map(found -> found.orElseThrow()));
  }

  // ---- decide ----------------------------------------------------------------------------

  Future<JsonObject> decide(Principal actor, long id, Decision decision, String comment) {
    return flows.find(id).compose(instance -> {
      Flow flow = flows.flow(instance.flow());
      if (!instance.pending() || !flows.canActAt(actor, flow.step(instance.step()), instance)) {
        return replayOrRefuse(actor, instance, flow, decision, false);
      }
      ApprovalFlows.checkDecision(flow.step(instance.step()), decision, comment);

      return pool.withTransaction(tx -> apply(tx, actor, instance, flow, decision, comment))
          .compose(applied -> announce(instance, flow, applied).map(applied.result()))
          .recover(e -> {
            if (!(e instanceof Lost)) {
              return Future.failedFuture(e);
            }
            LOG.debug("event=approval_decision_lost id={} step={} actor={}", id,
                instance.step(), actor.userId());
            return flows.find(id)
                .compose(after -> replayOrRefuse(actor, after, flow, decision, true));
          });
    });
  }

  private Future<Applied> apply(SqlConnection tx, Principal actor, Instance instance, Flow flow,
      Decision decision, String comment) {
    Move move = next(flow, instance, decision);
    return store.advance(tx, instance, move.step(), move.status(), move.actingRole(),
            move.actingOrgId())
        .compose(won -> won ? store.addHistory(tx, instance.id(), instance.step(), actor.userId(),
                decision.name(), comment, instance.actingOrgId())
            : Future.failedFuture(new Lost()))
        .recover(e -> Future.failedFuture(DbErrors.isUniqueViolation(e) ? new Lost() : e))
        .compose(at -> effect(tx, instance, move, actor)
            .compose(outcome -> (outcome == null ? Future.<Void>succeededFuture()
                    : store.setOutcome(tx, instance.id(), outcome))
                .compose(v -> Audit.record(tx, actor.userId(),
                    "approval." + decision.name().toLowerCase(), "approval", instance.id(),
                    instance.orgId(), new JsonObject().put("flow", flow.code())
                        .put("step", instance.step()).put("status", move.status())
                        .put("comment", comment).put("outcome", outcome)))
                .map(v -> new Applied(result(instance, flow, instance.step(), decision.name(),
                    comment, at), move, outcome))));
  }

  private Future<JsonObject> effect(SqlConnection tx, Instance instance, Move move,
      Principal actor) {
    FlowRules flowRules = flows.rules(instance.flow());
    return switch (move.status()) {
      case "APPROVED" -> flowRules.onApproved(tx, instance, actor);
      case "REJECTED" -> flowRules.onRejected(tx, instance, actor).map(v -> (JsonObject) null);
      default -> Future.succeededFuture(null);
    };
  }

  /** After the commit: one notice to the applicant and the flow's own after-effects. */
  private Future<Void> announce(Instance instance, Flow flow, Applied applied) {
    Move move = applied.move();
    String key = "approval:" + instance.id() + ":step:" + instance.step() + ":"
        + applied.result().getString("decision");
    String reviewer = label(flow.step(instance.step()));
    Notice notice = switch (move.status()) {
      case "APPROVED" -> new Notice(instance.applicantId(), "APPROVAL", flow.name() + "已通过",
          instance.title() + "：已由" + reviewer + "审核通过。", link(instance.id()), key);
      case "REJECTED" -> new Notice(instance.applicantId(), "APPROVAL", flow.name() + "未通过",
          instance.title() + "：" + reviewer + "未予通过，原因："
              + applied.result().getString("comment"), link(instance.id()), key);
      default -> new Notice(instance.applicantId(), "APPROVAL", flow.name() + "审核进展",
          instance.title() + "：" + reviewer + "已审核通过，等待" + label(flow.step(move.step()))
              + "审核。", link(instance.id()), key);
    };
    notifier.send(notice);
    LOG.info("event=approval_decided id={} flow={} step={} status={}", instance.id(),
        flow.code(), instance.step(), move.status());

    return "APPROVED".equals(move.status())
        ? flows.rules(instance.flow()).afterApproved(applied.outcome())
        : Future.succeededFuture();
  }

  /**
   * The answer to a decision that cannot be applied: the first result again for a reviewer
   * repeating their own decision, 409 when the step the caller could act at is already
   * decided (or the caller just lost a race), 403 when the caller never could act on it.
   */
  private Future<JsonObject> replayOrRefuse(Principal actor, Instance instance, Flow flow,
      Decision decision, boolean lostRace) {
    return store.lastDecisionBy(pool, instance.id(), actor.userId()).map(past -> {
      if (past.isPresent() && past.get().decision().equals(decision.name())) {
        ApprovalStore.Past p = past.get();
        return result(instance, flow, p.step(), p.decision(), p.comment(), p.at());
      }
      if (lostRace || past.isPresent() || flows.couldHaveActed(actor, instance, flow)) {
        throw ApiException.conflict("already_decided", "该申请已被其他审核人处理，请刷新后查看");
      }
      throw refusal(actor, instance, flow);
    });
  }

  // ---- cancel ----------------------------------------------------------------------------

  Future<JsonObject> cancel(Principal applicant, long id) {
    return flows.find(id).compose(instance -> {
      Flow flow = flows.flow(instance.flow());
      if (instance.applicantId() != applicant.userId()) {
        throw ApiException.notFound("申请不存在");
      }
      if (!flow.cancellable()) {
        throw ApiException.conflict("not_cancellable", "此类申请不能撤回");
      }
      if ("CANCELLED".equals(instance.status())) {
        return replayOrRefuseCancel(applicant, instance, flow);
      }
      if (!instance.pending() || instance.step() != 1) {
        throw ApiException.conflict("already_reviewed", "申请已进入审核，不能撤回");
      }

      return pool.withTransaction(tx -> store.advance(tx, instance, 1, "CANCELLED", null, null)
              .compose(won -> won ? store.addHistory(tx, id, 1, applicant.userId(), "CANCEL",
                      null, instance.orgId())
                  : Future.failedFuture(new Lost()))
              .recover(e -> Future.failedFuture(DbErrors.isUniqueViolation(e) ? new Lost() : e))
              .compose(at -> Audit.record(tx, applicant.userId(), "approval.cancel", "approval",
                      id, instance.orgId(), new JsonObject().put("flow", flow.code()))
                  .map(v -> result(instance, flow, 1, "CANCEL", null, at))))
          .onSuccess(result -> notifier.send(new Notice(instance.applicantId(), "APPROVAL",
              flow.name() + "已撤回", instance.title() + "：您已撤回此申请。", link(id),
              "approval:" + id + ":cancelled")))
          .recover(e -> e instanceof Lost
              ? flows.find(id).compose(after -> replayOrRefuseCancel(applicant, after, flow))
              : Future.failedFuture(e));
    });
  }

  private Future<JsonObject> replayOrRefuseCancel(Principal applicant, Instance instance,
      Flow flow) {
    if (!"CANCELLED".equals(instance.status())) {
      return Future.failedFuture(
          ApiException.conflict("already_reviewed", "申请已进入审核，不能撤回"));
    }
    return store.lastDecisionBy(pool, instance.id(), applicant.userId())
        .map(past -> result(instance, flow, 1, "CANCEL", null,
            past.map(ApprovalStore.Past::at).orElse(instance.updatedAt())));
  }

  // ---- rules of the steps ----------------------------------------------------------------

  private Move next(Flow flow, Instance instance, Decision decision) {
    if (decision == Decision.REJECT) {
      return new Move(instance.step(), "REJECTED", null, null);
    }
    if (flow.isLast(instance.step())) {
      return new Move(instance.step(), "APPROVED", null, null);
    }
    Flow.Step next = flow.step(instance.step() + 1);
    OrgUnit acting = flows.actingOrg(next, instance.orgId(), instance.targetOrgId());
    return new Move(next.no(), Instance.PENDING, next.role().name(), acting.id());
  }

  private static ApiException refusal(Principal actor, Instance instance, Flow flow) {
    Flow.Step step = flow.step(instance.step());
    if (instance.pending() && actor.has(step.role())) {
      return ApiException.outOfScope();
    }
    return instance.pending() ? ApiException.forbidden("该申请当前不在您的审批环节")
        : ApiException.conflict("already_decided", "该申请已处理完毕");
  }

  /** The result of one decision, derived only from what was decided, so a replay is equal. */
  private static JsonObject result(Instance instance, Flow flow, int step, String decision,
      String comment, OffsetDateTime at) {
    String status;
    Integer nextStep = null;
    if ("REJECT".equals(decision)) {
      status = "REJECTED";
    } else if ("CANCEL".equals(decision)) {
      status = "CANCELLED";
    } else if (flow.isLast(step)) {
      status = "APPROVED";
    } else {
      status = Instance.PENDING;
      nextStep = step + 1;
    }

    return new JsonObject()
        .put("id", instance.id())
        .put("type", flow.code())
        .put("step", step)
        .put("decision", decision)
        .put("comment", comment)
        .put("decidedAt", at.toString())
        .put("status", status)
        .put("nextStep", nextStep);
  }
}
