package org.jijiao.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jijiao.config.Settings;

/** JDBC is used at start-up only: migrations, database creation and the bulk loader. */
public final class Jdbc {

  private Jdbc() {
  }

  public static String url(Settings.Postgres pg) {
    return url(pg, pg.database());
  }

  public static String url(Settings.Postgres pg, String database) {
    return "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + database;
  }

  public static Connection connect(Settings.Postgres pg) throws SQLException {
    return DriverManager.getConnection(url(pg), pg.user(), pg.password());
  }

  /** Creates the database when it does not exist yet (connecting to {@code postgres}). */
  public static boolean createDatabaseIfMissing(Settings.Postgres pg) throws SQLException {
    if (!pg.database().matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database name must be lower-case letters, digits, _");
    }
    try (Connection admin = DriverManager.getConnection(url(pg, "postgres"), pg.user(),
        pg.password());
        var check = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
      check.setString(1, pg.database());
      if (check.executeQuery().next()) {
        return false;
      }
      try (var create = admin.createStatement()) {
        create.execute("create database " + pg.database() + " encoding 'UTF8' template template0");
      }
      return true;
    }
  }

  public static void dropDatabase(Settings.Postgres pg) throws SQLException {
    try (Connection admin = DriverManager.getConnection(url(pg, "postgres"), pg.user(),
        pg.password());
        var drop = admin.createStatement()) {
      drop.execute("drop database if exists " + pg.database() + " with (force)");
    }
  }
}
