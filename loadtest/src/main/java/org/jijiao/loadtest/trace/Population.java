package org.jijiao.loadtest.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded people the trace is made of, read from PostgreSQL because only the server's
 * seeder knows which ID numbers exist. Teachers are shuffled with the model's seed so that
 * every scenario takes a different but reproducible slice of the city.
 */
public record Population(List<String> teachers, List<String> admins) {

  // Only teachers the run can log in as: the seeder gives every generated teacher one shared
  // hash of the initial password, so the most common hash among teachers is that password's.
  // This keeps out the demo accounts with the TEACHER role (ids 1 and 2: the demo teacher
  // and the demo school admin, whose password is the demo one: each answered 401 and counted
  // as an "unexpected error" whenever the shuffle put it in a trace), and any teacher who has
  // changed the password since. A teacher still forced to change it would get 403 on every
  // page after login, so those are left out too (seed with SEED_FORCE_PASSWORD_CHANGE=false).
  private static final String TEACHERS = """
      with teacher as (
        select a.id, a.id_number, a.password_hash from account a
        join account_role r on r.account_id = a.id and r.role = 'TEACHER'
        where a.status = 'ACTIVE' and not a.must_change_password),
      shared as (
        select password_hash from teacher group by password_hash
        order by count(*) desc limit 1)
      select id_number from teacher
      where password_hash = (select password_hash from shared)
      order by id limit ?""";

  // Admins who may watch the live dashboard; any of these roles sees some scope of it.
  private static final String ADMINS = """
      select distinct a.id, a.id_number from account a
      join account_role r on r.account_id = a.id
      where a.status = 'ACTIVE'
        and r.role in ('CITY_ADMIN', 'DISTRICT_ADMIN', 'SYS_ADMIN', 'INSTITUTION_ADMIN')
        -- Only the demo admins: they are the ones with the admin password of the run.
        and a.id < 100
      order by a.id limit ?""";

  public static Population read(Connection db, int maxTeachers, int maxAdmins, long seed)
      throws SQLException {
    List<String> teachers = column(db, TEACHERS, maxTeachers, 1);
    Collections.shuffle(teachers, new Random(seed));
    return new Population(List.copyOf(teachers), List.copyOf(column(db, ADMINS, maxAdmins, 2)));
  }

  private static List<String> column(Connection db, String sql, int limit, int index)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      statement.setInt(1, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(index).trim());
        }
      }
    }
    return values;
  }

  /** The i-th teacher of the shuffled city, wrapping round when the database is small. */
  public String teacher(int i) {
    return teachers.get(i % teachers.size());
  }
}
