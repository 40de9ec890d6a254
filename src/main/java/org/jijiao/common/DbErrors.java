package org.jijiao.common;

import io.vertx.pgclient.PgException;

/** Translates PostgreSQL errors into domain answers, once, at the store boundary. */
public final class DbErrors {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String CHECK_VIOLATION = "23514";
  public static final String FOREIGN_KEY_VIOLATION = "23503";

  private DbErrors() {
  }

  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  public static boolean isUniqueViolation(Throwable failure, String constraint) {
    return isUniqueViolation(failure) && constraint.equals(((PgException) failure).getConstraint());
  }

  public static boolean isCheckViolation(Throwable failure) {
    return failure instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState());
  }

  public static boolean isForeignKeyViolation(Throwable failure) {
    return failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState());
  }
}
