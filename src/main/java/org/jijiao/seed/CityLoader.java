package org.jijiao.seed;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a generated city with one COPY per table in a single transaction: either the whole
 * city is there or none of it. Blocking JDBC; runs before the server starts.
 */
public final class CityLoader {

  private CityLoader() {
  }

  /** Whether the database holds no organisation yet (a fresh database). */
  public static boolean isEmpty(Connection connection) throws SQLException {
    try (var statement = connection.createStatement();
        var rows = statement.executeQuery("select count(*) from org_unit")) {
      rows.next();
      return rows.getLong(1) == 0;
    }
  }

  public static void load(Connection connection, CityGenerator.Plan plan,
      Consumer<String> progress) throws SQLException, java.io.IOException {
    progress.accept("generating the city (" + plan.teachers() + " teachers, ~" + plan.schools()
        + " schools)");
    List<CopyTable> tables = new CityGenerator(plan).generate();

    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      for (CopyTable table : tables) {
        copy.copyIn(table.copySql(), new StringReader(table.rows.toString()));
        progress.accept(String.format("loaded %-17s %,9d rows", table.name, table.count));
      }
      try (var statement = connection.createStatement()) {
        statement.execute("select setval('account_id_seq', (select max(id) + 1 from account))");
        for (String table : List.of("course", "course_video", "training_project")) {
          statement.execute("select setval(pg_get_serial_sequence('" + table + "', 'id'), "
              + "(select max(id) from " + table + "))");
        }
        statement.execute("update training_project p set enrolled_count = 0");
        statement.execute("analyze");
      }
      connection.commit();
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
