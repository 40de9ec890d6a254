package org.jijiao.loadtest.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs a query whose every row is a violation and keeps a few rows as examples. */
final class Queries {

  static final int EXAMPLES = 5;

  /** Offending rows counted in full, and the first few rendered as col=value text. */
  record Offenders(long count, List<String> examples) {
  }

  private Queries() {
  }

  static Offenders offenders(Connection db, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData columns = rows.getMetaData();
        long count = 0;
        List<String> examples = new ArrayList<>();
        while (rows.next()) {
          count++;
          if (examples.size() < EXAMPLES) {
            examples.add(render(rows, columns));
          }
        }
        return new Offenders(count, examples);
      }
    }
  }

  static boolean tableExists(Connection db, String table) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement("select to_regclass(?) is not null")) {
      statement.setString(1, "public." + table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getBoolean(1);
      }
    }
  }

  private static String render(ResultSet row, ResultSetMetaData columns) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= columns.getColumnCount(); i++) {
      if (i > 1) {
        text.append(", ");
      }
      text.append(columns.getColumnLabel(i)).append('=').append(row.getString(i));
    }
    return text.toString();
  }
}
