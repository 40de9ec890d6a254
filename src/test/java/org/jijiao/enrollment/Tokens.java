package org.jijiao.enrollment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.util.ArrayList;
import java.util.List;
import org.jijiao.testing.TestNode;

/**
 * Access tokens minted directly with the node's signer, in the claims format of
 * identity.Principal: logging in thousands of generated teachers would spend the test's time
 * on password hashing, which is not what these tests are about.
 */
final class Tokens {

  private static final String ACCOUNT = """
      select a.name, a.org_id, o.path, string_agg(r.role, ',') as roles
        from account a join org_unit o on o.id = a.org_id
        join account_role r on r.account_id = a.id
       where a.id = ? group by a.id, o.path""";

  private Tokens() {
  }

  static String forAccount(TestNode node, long accountId) {
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(ACCOUNT)) {
      statement.setLong(1, accountId);
      try (var rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalArgumentException("no account " + accountId);
        }
        JsonObject claims = new JsonObject()
            .put("sub", String.valueOf(accountId))
            .put("name", rows.getString("name"))
            .put("roles", new JsonArray(List.of(rows.getString("roles").split(","))))
            .put("org", rows.getLong("org_id"))
            .put("scope", rows.getString("path"))
            .put("pwc", false);
        return node.node().platform().jwt().generateToken(claims,
            new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(900));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ids of accounts that answer a query of one bigint column. */
  static List<Long> ids(TestNode node, String sql, Object... params) {
    try (var connection = node.jdbc(); var statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      List<Long> ids = new ArrayList<>();
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
