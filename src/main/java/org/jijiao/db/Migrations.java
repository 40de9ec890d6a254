package org.jijiao.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jijiao.config.Settings;

/**
 * Applies the versioned migrations of {@code sql/} (packaged under db/migration) with
 * Flyway over JDBC. Blocking: run it before Vert.x starts or on a worker thread.
 */
public final class Migrations {

  private Migrations() {
  }

  public static MigrateResult apply(Settings.Postgres pg) {
    return Flyway.configure()
        .dataSource(Jdbc.url(pg), pg.user(), pg.password())
        .locations("classpath:db/migration")
        .outOfOrder(true)
        .load()
        .migrate();
  }
}
