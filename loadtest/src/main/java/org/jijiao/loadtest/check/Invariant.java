package org.jijiao.loadtest.check;

import java.sql.Connection;
import java.sql.SQLException;

/** One property the database must hold after a run, whatever the run's speed. */
interface Invariant {

  String name();

  CheckResult check(Connection db) throws SQLException;
}
