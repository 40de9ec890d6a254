package org.jijiao.approval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jijiao.identity.Role;

/**
 * A flow definition as stored in {@code approval_flow}: its ordered steps, each naming the
 * role that acts, the level of the organisation tree it acts at and the decisions it may
 * take. The engine reads definitions; it never hard-codes who approves what.
 */
public record Flow(String code, String name, List<Step> steps, boolean cancellable) {

  /** Which organisation of the tree acts, relative to the step's anchor organisation. */
  public enum Level { SCHOOL, DISTRICT, CITY }

  /** Which organisation of an instance a step is anchored at. */
  public enum Anchor { ORG, TARGET }

  public record Step(int no, Role role, Level level, Anchor anchor, Set<Decision> decisions) {

    JsonObject toJson() {
      return new JsonObject()
          .put("no", no)
          .put("role", role.name())
          .put("level", level.name())
          .put("decisions", new JsonArray(decisions.stream().map(Enum::name).sorted().toList()));
    }
  }

  public Step step(int no) {
    return steps.get(no - 1);
  }

  public boolean isLast(int no) {
    return no == steps.size();
  }

  static Flow fromRow(String code, String name, JsonArray steps, boolean cancellable) {
    List<Step> parsed = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      Set<Decision> decisions = EnumSet.noneOf(Decision.class);
      step.getJsonArray("decisions").forEach(d -> decisions.add(Decision.valueOf((String) d)));
      parsed.add(new Step(i + 1, Role.valueOf(step.getString("role")),
          Level.valueOf(step.getString("level")),
          Anchor.valueOf(step.getString("anchor", "ORG")), Set.copyOf(decisions)));
    }
    return new Flow(code, name, List.copyOf(parsed), cancellable);
  }

  JsonArray stepsJson() {
    JsonArray out = new JsonArray();
    steps.forEach(s -> out.add(s.toJson()));
    return out;
  }
}
