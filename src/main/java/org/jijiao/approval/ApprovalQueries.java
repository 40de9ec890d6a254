package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jijiao.common.ApiException;
import org.jijiao.identity.Principal;
import org.jijiao.identity.Role;
import org.jijiao.org.OrgUnit;

/**
 * The read side of the approval engine: a reviewer's inbox (waiting or closed, with counts
 * per flow), one instance in detail, an applicant's own applications, and the JSON view of
 * an instance that every answer shares. A reviewer sees what their roles review within
 * their scope; nothing here changes an instance.
 */
final class ApprovalQueries {

  private final Pool pool;
  private final ApprovalStore store;
  private final ApprovalFlows flows;

  ApprovalQueries(Pool pool, ApprovalStore store, ApprovalFlows flows) {
    this.pool = pool;
    this.store = store;
    this.flows = flows;
  }

  Future<JsonObject> inbox(Principal actor, String flowFilter, String status, int page,
      int size) {
    String[] roles = reviewerRoles(actor);
    String scope = actor.scopePath();
    int offset = (page - 1) * size;
    Future<Map<String, Long>> counts = store.waitingCounts(pool, roles, scope);
    Future<List<Instance>> items;
    Future<Long> total;
    if (Instance.PENDING.equals(status)) {
      items = store.waiting(pool, roles, scope, flowFilter, size, offset);
      total = counts.map(c -> flowFilter == null
          ? c.values().stream().mapToLong(Long::longValue).sum()
          : c.getOrDefault(flowFilter, 0L));
    } else {
      String[] reviewed = flowsReviewedBy(roles);
      items = store.closed(pool, status, reviewed, scope, flowFilter, size, offset);
      total = store.closedCount(pool, status, reviewed, scope, flowFilter);
    }

    return Future.all(counts, items, total).map(done -> {
      JsonArray list = new JsonArray();
      items.result().forEach(i -> list.add(view(i, flows.flow(i.flow()))));
      JsonObject byType = new JsonObject();
      flows.codes().stream().sorted()
          .forEach(code -> byType.put(code, counts.result().getOrDefault(code, 0L)));
      return new JsonObject()
          .put("items", list)
          .put("total", total.result())
          .put("counts", byType)
          .put("page", page)
          .put("size", size);
    });
  }

  /** One instance with its steps and history, for a reviewer in scope or its applicant. */
  Future<JsonObject> detail(Principal caller, long id, boolean asApplicant) {
    return flows.find(id).compose(instance -> {
      Flow flow = flows.flow(instance.flow());
      if (asApplicant) {
        if (instance.applicantId() != caller.userId()) {
          throw ApiException.notFound("申请不存在");
        }
      } else if (!concernsScope(caller, instance)) {
        throw ApiException.outOfScope();
      }

      return store.history(pool, id).map(history -> view(instance, flow)
          .put("steps", flow.stepsJson())
          .put("history", history));
    });
  }

  Future<JsonObject> mine(Principal applicant, String flowFilter, int page, int size) {
    return Future.all(store.mine(pool, applicant.userId(), flowFilter, size, (page - 1) * size),
            store.mineCount(pool, applicant.userId(), flowFilter))
        .map(done -> {
          JsonArray list = new JsonArray();
          List<Instance> found = done.resultAt(0);
          found.forEach(i -> list.add(view(i, flows.flow(i.flow()))));
          return new JsonObject().put("items", list).put("total", done.<Long>resultAt(1));
        });
  }

  /** An instance as lists and details show it, including whom it waits for. */
  JsonObject view(Instance instance, Flow flow) {
    JsonObject waiting = null;
    if (instance.pending()) {
      OrgUnit acting = flows.unit(instance.actingOrgId());
      waiting = new JsonObject()
          .put("role", instance.actingRole())
          .put("orgId", acting.id())
          .put("orgName", acting.name());
    }

    return new JsonObject()
        .put("id", instance.id())
        .put("type", flow.code())
        .put("typeName", flow.name())
        .put("title", instance.title())
        .put("status", instance.status())
        .put("step", instance.step())
        .put("stepCount", flow.steps().size())
        .put("version", instance.version())
        .put("applicant", new JsonObject().put("id", instance.applicantId())
            .put("name", instance.applicantName()))
        .put("org", orgJson(instance.orgId()))
        .put("targetOrg", instance.targetOrgId() == null ? null : orgJson(instance.targetOrgId()))
        .put("waitingFor", waiting)
        .put("payload", instance.payload())
        .put("outcome", instance.outcome())
        .put("createdAt", instance.createdAt().toString())
        .put("updatedAt", instance.updatedAt().toString());
  }

  private JsonObject orgJson(long id) {
    OrgUnit unit = flows.unit(id);
    return new JsonObject().put("id", unit.id()).put("name", unit.name());
  }

  /** An admin may read an instance of their own organisation or one it is addressed to. */
  private boolean concernsScope(Principal caller, Instance instance) {
    if (caller.roles().stream().noneMatch(Role.ADMINS::contains)) {
      return false;
    }
    if (caller.covers(flows.unit(instance.orgId()).path())) {
      return true;
    }
    return instance.targetOrgId() != null
        && caller.covers(flows.unit(instance.targetOrgId()).path());
  }

  /** The roles the actor holds that act at some step of some flow. */
  private String[] reviewerRoles(Principal actor) {
    return flows.all().stream()
        .flatMap(f -> f.steps().stream())
        .map(Flow.Step::role)
        .filter(actor::has)
        .map(Enum::name)
        .distinct()
        .toArray(String[]::new);
  }

  private String[] flowsReviewedBy(String[] roles) {
    List<String> held = Arrays.asList(roles);
    return flows.all().stream()
        .filter(f -> f.steps().stream().anyMatch(s -> held.contains(s.role().name())))
        .map(Flow::code)
        .toArray(String[]::new);
  }
}
