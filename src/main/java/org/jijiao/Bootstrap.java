package org.jijiao;

import java.sql.Connection;
import java.time.Instant;
import java.util.function.Consumer;
import org.flywaydb.core.api.output.MigrateResult;
import org.jijiao.config.Settings;
import org.jijiao.db.Jdbc;
import org.jijiao.db.Migrations;
import org.jijiao.identity.PasswordHasher;
import org.jijiao.seed.CityGenerator;
import org.jijiao.seed.CityLoader;

/**
 * The blocking start-up steps, run before Vert.x starts: create the database, apply the
 * migrations, and load the demo city into an empty database. Each step reports progress.
 */
public final class Bootstrap {

  private Bootstrap() {
  }

  public static void prepareDatabase(Settings settings, long seed, Consumer<String> progress)
      throws Exception {
    if (Jdbc.createDatabaseIfMissing(settings.pg())) {
      progress.accept("created database " + settings.pg().database());
    }

    long started = System.nanoTime();
    MigrateResult migrated = Migrations.apply(settings.pg());
    // Flyway leaves the target version empty when nothing was applied: the schema was current.
    String version = migrated.targetSchemaVersion != null ? migrated.targetSchemaVersion
        : migrated.initialSchemaVersion;
    progress.accept("migrations: " + migrated.migrationsExecuted + " applied, schema at version "
        + version + " (" + ms(started) + " ms)");

    if (!settings.seed().demo()) {
      return;
    }
    try (Connection connection = Jdbc.connect(settings.pg())) {
      if (!CityLoader.isEmpty(connection)) {
        progress.accept("demo city already loaded; keeping the existing data");
        return;
      }
      started = System.nanoTime();
      // Every generated account shares one hash of the initial password (forced change at
      // first login): hashing 100,000 passwords one by one would take over an hour.
      PasswordHasher hasher = new PasswordHasher(settings.auth().argon2MemoryKib(),
          settings.auth().argon2Iterations());
      CityGenerator.Plan plan = new CityGenerator.Plan(settings.seed().teachers(),
          settings.seed().schools(), seed, Instant.now(),
          hasher.hash(settings.seed().demoPassword()),
          hasher.hash(settings.seed().initialPassword()),
          settings.seed().forcePasswordChange());
      CityLoader.load(connection, plan, progress);
      progress.accept("demo city loaded in " + ms(started) + " ms");
    }
  }

  private static long ms(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
