package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the approval engine. */
final class ApprovalStore {

  private static final String FLOWS = "select code, name, steps, cancellable from approval_flow";

  private static final String SELECT = """
      select a.id, a.flow, a.title, a.applicant_id, p.name as applicant_name, a.org_id,
             a.target_org_id, a.status, a.step, a.version, a.acting_role, a.acting_org_id,
             a.payload, a.outcome, a.created_at, a.updated_at
        from approval a
        join account p on p.id = a.applicant_id""";

  private static final String FIND = SELECT + "\n where a.id = $1";

  private static final String INSERT = """
      insert into approval (flow, title, applicant_id, org_id, target_org_id, acting_role,
                            acting_org_id, subject_key, payload)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      returning id""";

  /** The optimistic step: applies only to the step and version the decider read. */
  private static final String ADVANCE = """
      update approval
         set step = $4, status = $5, acting_role = $6, acting_org_id = $7,
             version = version + 1, updated_at = now()
       where id = $1 and step = $2 and version = $3 and status = 'PENDING'""";

  private static final String SET_OUTCOME = "update approval set outcome = $2 where id = $1";

  private static final String INSERT_HISTORY = """
      insert into approval_history (approval_id, step, actor_id, decision, comment, acting_org_id)
      values ($1, $2, $3, $4, $5, $6)
      returning at""";

  private static final String LAST_DECISION_BY = """
      select step, decision, comment, at
        from approval_history
       where approval_id = $1 and actor_id = $2 and decision in ('APPROVE', 'REJECT', 'CANCEL')
       order by step desc
       limit 1""";

  private static final String HISTORY = """
      select h.step, h.decision, h.comment, h.at, h.actor_id, a.name as actor_name,
             h.acting_org_id, o.name as org_name
        from approval_history h
        join account a on a.id = h.actor_id
        left join org_unit o on o.id = h.acting_org_id
       where h.approval_id = $1
       order by h.step, h.id""";

  /** Waiting at the caller's level: the acting role is one of theirs, the acting org in scope. */
  private static final String WAITING_WHERE = """
        join org_unit w on w.id = a.acting_org_id
       where a.status = 'PENDING' and a.acting_role = any($1::text[]) and w.path like $2 || '%'""";

  private static final String WAITING = SELECT + "\n" + WAITING_WHERE + "\n" + """
         and ($3::text is null or a.flow = $3)
       order by a.created_at, a.id
       limit $4 offset $5""";

  private static final String WAITING_COUNTS = """
      select a.flow, count(*) as n
        from approval a
      """ + WAITING_WHERE + "\n" + """
       group by a.flow""";

  /** Closed requests concerning an organisation in scope, of flows the caller reviews. */
  private static final String CLOSED_WHERE = """
        join org_unit o on o.id = a.org_id
        left join org_unit t on t.id = a.target_org_id
       where a.status = $1 and a.flow = any($2::text[])
         and (o.path like $3 || '%' or t.path like $3 || '%')
         and ($4::text is null or a.flow = $4)""";

  private static final String CLOSED = SELECT + "\n" + CLOSED_WHERE + "\n" + """
       order by a.updated_at desc, a.id desc
       limit $5 offset $6""";

  private static final String CLOSED_COUNT =
      "select count(*) from approval a\n" + CLOSED_WHERE;

  private static final String MINE = SELECT + "\n" + """
       where a.applicant_id = $1 and ($2::text is null or a.flow = $2)
       order by a.created_at desc, a.id desc
       limit $3 offset $4""";

  private static final String MINE_COUNT = """
      select count(*) from approval a
       where a.applicant_id = $1 and ($2::text is null or a.flow = $2)""";

  /** One past decision, enough to answer a retried request with its first result. */
  record Past(int step, String decision, String comment, OffsetDateTime at) {
  }

  Future<Map<String, Flow>> flows(SqlClient client) {
    return client.query(FLOWS).execute().map(rows -> {
      Map<String, Flow> flows = new HashMap<>();
      for (Row row : rows) {
        Object steps = row.getValue("steps");
        flows.put(row.getString("code"), Flow.fromRow(row.getString("code"),
            row.getString("name"), (JsonArray) steps, row.getBoolean("cancellable")));
      }
      return Map.copyOf(flows);
    });
  }

  Future<Optional<Instance>> find(SqlClient client, long id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id)).map(ApprovalStore::first);
  }

  Future<Long> insert(SqlClient client, String flow, FlowRules.Draft draft, String actingRole,
      long actingOrgId) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.from(new Object[] {flow, draft.title(), draft.applicantId(),
            draft.orgId(), draft.targetOrgId(), actingRole, actingOrgId, draft.subjectKey(),
            draft.payload()}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Moves an instance on; answers false when another decision got there first. */
  Future<Boolean> advance(SqlClient client, Instance from, int step, String status,
      String actingRole, Long actingOrgId) {
    return client.preparedQuery(ADVANCE)
        .execute(Tuple.from(new Object[] {from.id(), from.step(), from.version(), step, status,
            actingRole, actingOrgId}))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> setOutcome(SqlClient client, long id, JsonObject outcome) {
    return client.preparedQuery(SET_OUTCOME).execute(Tuple.of(id, outcome)).mapEmpty();
  }

  Future<OffsetDateTime> addHistory(SqlClient client, long approvalId, int step, long actorId,
      String decision, String comment, Long actingOrgId) {
    return client.preparedQuery(INSERT_HISTORY)
        .execute(Tuple.from(new Object[] {approvalId, step, actorId, decision, comment,
            actingOrgId}))
        .map(rows -> rows.iterator().next().getOffsetDateTime("at"));
  }

  Future<Optional<Past>> lastDecisionBy(SqlClient client, long approvalId, long actorId) {
    return client.preparedQuery(LAST_DECISION_BY).execute(Tuple.of(approvalId, actorId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new Past(row.getInteger("step"), row.getString("decision"),
              row.getString("comment"), row.getOffsetDateTime("at")));
        });
  }

  Future<JsonArray> history(SqlClient client, long approvalId) {
    return client.preparedQuery(HISTORY).execute(Tuple.of(approvalId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row row : rows) {
        out.add(new JsonObject()
            .put("step", row.getInteger("step"))
            .put("decision", row.getString("decision"))
            .put("comment", row.getString("comment"))
            .put("at", row.getOffsetDateTime("at").toString())
            .put("actor", new JsonObject().put("id", row.getLong("actor_id"))
                .put("name", row.getString("actor_name")))
            .put("orgId", row.getLong("acting_org_id"))
            .put("orgName", row.getString("org_name")));
      }
      return out;
    });
  }

  Future<List<Instance>> waiting(SqlClient client, String[] roles, String scope, String flow,
      int limit, int offset) {
    return client.preparedQuery(WAITING)
        .execute(Tuple.from(new Object[] {roles, scope, flow, limit, offset}))
        .map(ApprovalStore::all);
  }

  Future<Map<String, Long>> waitingCounts(SqlClient client, String[] roles, String scope) {
    return client.preparedQuery(WAITING_COUNTS).execute(Tuple.of(roles, scope)).map(rows -> {
      Map<String, Long> counts = new HashMap<>();
      rows.forEach(row -> counts.put(row.getString("flow"), row.getLong("n")));
      return counts;
    });
  }

  Future<List<Instance>> closed(SqlClient client, String status, String[] flows, String scope,
      String flow, int limit, int offset) {
    return client.preparedQuery(CLOSED)
        .execute(Tuple.from(new Object[] {status, flows, scope, flow, limit, offset}))
        .map(ApprovalStore::all);
  }

  Future<Long> closedCount(SqlClient client, String status, String[] flows, String scope,
      String flow) {
    return client.preparedQuery(CLOSED_COUNT)
        .execute(Tuple.from(new Object[] {status, flows, scope, flow}))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<List<Instance>> mine(SqlClient client, long applicantId, String flow, int limit,
      int offset) {
    return client.preparedQuery(MINE)
        .execute(Tuple.from(new Object[] {applicantId, flow, limit, offset}))
        .map(ApprovalStore::all);
  }

  Future<Long> mineCount(SqlClient client, long applicantId, String flow) {
    return client.preparedQuery(MINE_COUNT).execute(Tuple.of(applicantId, flow))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Optional<Instance> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Instance.of(rows.iterator().next()));
  }

  private static List<Instance> all(RowSet<Row> rows) {
    List<Instance> out = new java.util.ArrayList<>();
    rows.forEach(row -> out.add(Instance.of(row)));
    return out;
  }
}
