package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.jijiao.identity.Principal;
import org.jijiao.notify.Notifier;
import org.jijiao.org.OrgTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine as {@link ApprovalVerticle} sees it: submits instances, moves them
 * step by step on reviewers' decisions, lets applicants withdraw before the first review,
 * and answers inboxes.
 *
 * <p>The work is split by direction: {@link ApprovalDecisions} changes instances (and
 * explains how concurrent decisions are resolved), {@link ApprovalQueries} only reads them,
 * and {@link ApprovalFlows} holds what both look up — the flow definitions and who acts
 * at which step.
 */
public final class ApprovalEngine {

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalEngine.class);

  private final ApprovalFlows flows;
  private final ApprovalQueries queries;
  private final ApprovalDecisions decisions;

  ApprovalEngine(Pool pool, OrgTree orgs, Notifier notifier, List<FlowRules> rules) {
    ApprovalStore store = new ApprovalStore();
    this.flows = new ApprovalFlows(pool, store, orgs, rules);
    this.queries = new ApprovalQueries(pool, store, flows);
    this.decisions = new ApprovalDecisions(pool, store, flows, queries, notifier);
  }

  /** Reads the flow definitions; fails when a stored flow has no rules in this build. */
  Future<Void> load() {
    return flows.load().map(loaded -> {
      LOG.info("event=approval_flows_loaded flows={}", loaded);
      return null;
    });
  }

  boolean knows(String flowCode) {
    return flows.knows(flowCode);
  }

  // ---- submit, decide, cancel -------------------------------------------------------------

  public Future<JsonObject> submit(String flowCode, Principal applicant, JsonObject payload) {
    return decisions.submit(flowCode, applicant, payload);
  }

  public Future<JsonObject> decide(Principal actor, long id, Decision decision, String comment) {
    return decisions.decide(actor, id, decision, comment);
  }

  public Future<JsonObject> cancel(Principal applicant, long id) {
    return decisions.cancel(applicant, id);
  }

  // ---- reading ----------------------------------------------------------------------------

  public Future<JsonObject> inbox(Principal actor, String flowFilter, String status, int page,
      int size) {
    return queries.inbox(actor, flowFilter, status, page, size);
  }

  /** One instance with its steps and history, for a reviewer in scope or its applicant. */
  public Future<JsonObject> detail(Principal caller, long id, boolean asApplicant) {
    return queries.detail(caller, id, asApplicant);
  }

  public Future<JsonObject> mine(Principal applicant, String flowFilter, int page, int size) {
    return queries.mine(applicant, flowFilter, page, size);
  }
}
