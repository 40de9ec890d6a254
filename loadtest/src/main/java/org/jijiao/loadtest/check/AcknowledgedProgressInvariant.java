package org.jijiao.loadtest.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every heartbeat the server acknowledged is in PostgreSQL: for each (teacher, video) the
 * simulation saw acknowledged up to n watched seconds, video_progress must hold at least n.
 * The acknowledgements are loaded into a temporary table so one join answers for all.
 * Several ledgers may be given: the replay's (acks.csv) and the ceiling phase's read-back
 * (acks-ceiling.csv); a ledger a run did not write is simply absent.
 */
final class AcknowledgedProgressInvariant implements Invariant {

  private static final String LOST = """
      select left(ack.id_number, 4) || '**********' || right(ack.id_number, 4) as teacher,
             ack.video_id, ack.watched_seconds as acknowledged,
             vp.watched_seconds as stored
      from loadtest_ack ack
      left join account a on a.id_number = ack.id_number
      left join video_progress vp on vp.teacher_id = a.id and vp.video_id = ack.video_id
      where vp.watched_seconds is null or vp.watched_seconds < ack.watched_seconds""";

  private static final int BATCH = 5_000;

  private final List<Path> ledgers;

  AcknowledgedProgressInvariant(List<Path> ledgers) {
    this.ledgers = ledgers;
  }

  @Override
  public String name() {
    return "every acknowledged heartbeat's progress is in PostgreSQL";
  }

  @Override
  public CheckResult check(Connection db) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (Path ledger : ledgers) {
      if (!Files.exists(ledger)) {
        continue;
      }
      try {
        List<String[]> read = Files.readAllLines(ledger).stream().skip(1)
            .filter(line -> !line.isBlank()).map(line -> line.split(",")).toList();
        rows.addAll(read);
        sources.add(read.size() + " from " + ledger.getFileName());
      } catch (IOException e) {
        return CheckResult.fail(name(), "cannot read acknowledgements " + ledger + ": " + e,
            List.of());
      }
    }
    if (rows.isEmpty()) {
      return CheckResult.pass(name(), "no heartbeat was acknowledged in this run (nothing to lose)");
    }
    load(db, rows);
    Queries.Offenders lost = Queries.offenders(db, LOST);
    String from = " (" + String.join(", ", sources) + ")";
    return lost.count() == 0
        ? CheckResult.pass(name(), rows.size() + " (teacher, video) pairs all stored" + from)
        : CheckResult.fail(name(), lost.count() + " of " + rows.size()
            + " acknowledged (teacher, video) pairs missing or behind" + from, lost.examples());
  }

  private static void load(Connection db, List<String[]> rows) throws SQLException {
    try (Statement ddl = db.createStatement()) {
      ddl.execute("create temporary table if not exists loadtest_ack("
          + "id_number char(18), video_id bigint, watched_seconds int)");
      ddl.execute("truncate loadtest_ack");
    }
    try (PreparedStatement insert = db.prepareStatement("insert into loadtest_ack values (?, ?, ?)")) {
      int pending = 0;
      for (String[] row : rows) {
        insert.setString(1, row[0]);
        insert.setLong(2, Long.parseLong(row[1]));
        insert.setInt(3, Integer.parseInt(row[2]));
        insert.addBatch();
        if (++pending == BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      insert.executeBatch();
    }
  }
}
