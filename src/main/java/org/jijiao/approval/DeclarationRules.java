package org.jijiao.approval;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.text.Normalizer;
import org.jijiao.identity.Principal;

/**
 * Credit declaration (学分申报) for training run by another body: the certificate is already
 * checked and stored when this runs; school, then the district's continuing-education
 * centre, approve; the approval adds a DECLARATION entry whose source_ref is the declaration
 * (instance) id, so it can never be credited twice.
 */
final class DeclarationRules implements FlowRules {

  @Override
  public String flow() {
    return "DECLARATION";
  }

  @Override
  public Future<Draft> prepare(SqlConnection tx, Principal applicant, JsonObject in) {
    String title = in.getString("title");
    String sameness = "declaration:" + applicant.userId() + ":" + in.getInteger("year") + ":"
        + Normalizer.normalize(title, Normalizer.Form.NFKC).replaceAll("\\s+", "");
    return CreditLedger.schoolOf(tx, applicant.userId())
        .map(school -> new Draft(applicant.userId(), school, null, "学分申报：" + title,
            sameness, in.copy()));
  }

  @Override
  public Future<JsonObject> onApproved(SqlConnection tx, Instance instance, Principal actor) {
    return CreditLedger.add(tx, instance, "DECLARATION", actor.userId(),
        "学分申报：" + instance.payload().getString("title"));
  }
}
