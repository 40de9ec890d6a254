package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;
import org.jijiao.org.OrgTree;
import org.jijiao.org.OrgUnit;

/**
 * What both sides of the approval engine look up: the loaded flow definitions and their
 * rules, instances and organisations (404 when missing), the rules of a step (which
 * organisation acts, whether a caller may act there, which decisions it takes), and the words
 * and links the notices use.
 */
final class ApprovalFlows {

  private final Pool pool;
  private final ApprovalStore store;
  private final OrgTree orgs;
  private final Map<String, FlowRules> rules = new HashMap<>();
  private volatile Map<String, Flow> flows = Map.of();

  ApprovalFlows(Pool pool, ApprovalStore store, OrgTree orgs, List<FlowRules> rules) {
    this.pool = pool;
    this.store = store;
    this.orgs = orgs;
    rules.forEach(r -> this.rules.put(r.flow(), r));
  }

  /** Reads the flow definitions; fails when a stored flow has no rules in this build. */
  Future<Set<String>> load() {
    return store.flows(pool).map(loaded -> {
      for (String code : loaded.keySet()) {
        if (!rules.containsKey(code)) {
          throw new IllegalStateException("flow " + code + " has no rules");
        }
      }
      flows = loaded;
      return loaded.keySet();
    });
  }

  boolean knows(String flowCode) {
    return flows.containsKey(flowCode);
  }

  Flow flow(String code) {
    Flow flow = flows.get(code);
    if (flow == null) {
      throw ApiException.notFound("审批流程不存在");
    }
    return flow;
  }

  FlowRules rules(String flowCode) {
    return rules.get(flowCode);
  }

  Set<String> codes() {
    return flows.keySet();
  }

  Collection<Flow> all() {
    return flows.values();
  }

  Future<Instance> find(long id) {
    return store.find(pool, id)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("申请不存在")));
  }

  OrgUnit unit(long id) {
    return orgs.find(id).orElseThrow(() -> ApiException.notFound("机构不存在"));
  }

  /** The organisation whose admin acts at a step: the anchor, its district, or the city. */
  OrgUnit actingOrg(Flow.Step step, long orgId, Long targetOrgId) {
    long anchorId = step.anchor() == Flow.Anchor.TARGET ? targetOrgId : orgId;
    OrgUnit anchor = unit(anchorId);
    return switch (step.level()) {
      case SCHOOL -> anchor;
      case DISTRICT -> unit(anchor.districtId() == null ? anchor.id() : anchor.districtId());
      case CITY -> orgs.root();
    };
  }

  boolean canActAt(Principal actor, Flow.Step step, Instance instance) {
    return actor.has(step.role())
        && actor.covers(actingOrg(step, instance.orgId(), instance.targetOrgId()).path());
  }

  /** A step takes only the decisions its definition lists, and a rejection needs a reason. */
  static void checkDecision(Flow.Step step, Decision decision, String comment) {
    if (!step.decisions().contains(decision)) {
      throw ApiException.invalidField("decision", "decision_not_allowed", "此环节不允许该审批结论");
    }
    if (decision == Decision.REJECT && (comment == null || comment.isBlank())) {
      throw ApiException.invalidField("comment", "reason_required", "驳回时请填写原因");
    }
  }

  /** Whether the actor could act at a step the instance has already passed. */
  boolean couldHaveActed(Principal actor, Instance instance, Flow flow) {
    int reached = instance.pending() ? instance.step() - 1 : instance.step();
    for (int s = 1; s <= reached; s++) {
      if (canActAt(actor, flow.step(s), instance)) {
        return true;
      }
    }
    return false;
  }

  /** Who reviews at a step, as the applicant's notices name them. */
  static String label(Flow.Step step) {
    return switch (step.role()) {
      case SCHOOL_ADMIN -> "学校";
      case DISTRICT_ADMIN -> "区县";
      case HR_ADMIN -> "教育局人事科";
      case CITY_ADMIN -> "市级师训管理员";
      default -> "审核人";
    };
  }

  static String link(long id) {
    return "/me/applications/" + id;
  }
}
