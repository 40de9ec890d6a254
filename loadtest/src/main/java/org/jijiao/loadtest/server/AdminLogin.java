package org.jijiao.loadtest.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Logs in as a city-wide admin for set-up and for the flush-status question. The ID comes
 * from LOADTEST_ADMIN_ID, else the first active SYS_ADMIN or INSTITUTION_ADMIN seeded.
 */
public final class AdminLogin {

  private static final String FIRST_ADMIN = """
      select a.id_number from account a
      join account_role r on r.account_id = a.id
      where a.status = 'ACTIVE' and r.role in ('SYS_ADMIN', 'INSTITUTION_ADMIN')
      order by case r.role when 'SYS_ADMIN' then 0 else 1 end, a.id limit 1""";

  /** The outcome: a token, or why there is none (shown to the person running the test). */
  public record Result(String token, String problem) {
    public boolean ok() {
      return token != null;
    }
  }

  private AdminLogin() {
  }

  public static Result login(Settings settings, JijiaoClient client, Connection db) {
    try {
      Optional<String> id = settings.adminIdNumber().or(() -> firstAdmin(db));
      if (id.isEmpty()) {
        return new Result(null, "no SYS_ADMIN or INSTITUTION_ADMIN account (set LOADTEST_ADMIN_ID)");
      }
      String token = client.login(id.get(), settings.adminPassword());
      return token != null
          ? new Result(token, null)
          : new Result(null, "admin login refused (check LOADTEST_ADMIN_PASSWORD)");
    } catch (java.io.IOException e) {
      return new Result(null, "server unreachable for admin login: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted");
    }
  }

  private static Optional<String> firstAdmin(Connection db) {
    try (PreparedStatement statement = db.prepareStatement(FIRST_ADMIN);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(rows.getString(1).trim()) : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }
}
