package org.jijiao.loadtest.trace;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jijiao.loadtest.model.PeakModel;
import org.jijiao.loadtest.server.AdminLogin;
import org.jijiao.loadtest.server.JijiaoClient;
import org.jijiao.loadtest.server.Settings;

/**
 * Finds a capacity-limited project to race for. A fresh one per run is best (a project
 * filled by an earlier run shows no race), so the admin API is tried first; a project with
 * free seats already in the database is the fallback; otherwise the capped part is skipped
 * with its reason, never silently.
 */
final class CappedProjectSetup {

  private static final String WITH_FREE_SEATS = """
      select id from training_project
      where capacity is not null and enrolled_count < capacity
        and now() between enroll_opens_at and enroll_closes_at
      order by id desc limit 1""";

  private final PeakModel model;
  private final Settings settings;
  private final Connection db;

  CappedProjectSetup(PeakModel model, Settings settings, Connection db) {
    this.model = model;
    this.settings = settings;
    this.db = db;
  }

  Projects resolve() throws SQLException {
    String created = null;
    String apiProblem;
    try {
      JijiaoClient client = new JijiaoClient(settings.baseUrl());
      AdminLogin.Result admin = AdminLogin.login(settings, client, db);
      if (admin.ok()) {
        JijiaoClient.Answer answer = client.post("/api/admin/trainings", admin.token(), newProject());
        created = answer.status() / 100 == 2 ? answer.body().path("id").asText(null) : null;
        apiProblem = "POST /api/admin/trainings answered " + answer.status() + " "
            + answer.body().path("error").asText("");
      } else {
        apiProblem = admin.problem();
      }
    } catch (IOException e) {
      apiProblem = "server unreachable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      apiProblem = "interrupted";
    }
    if (created != null) {
      return new Projects(Projects.FIRST_OPEN, created, null);
    }
    String existing = existingWithFreeSeats();
    if (existing != null) {
      return new Projects(Projects.FIRST_OPEN, existing, null);
    }
    return new Projects(Projects.FIRST_OPEN, null,
        apiProblem + "; and no capped project with free seats is open in the database");
  }

  /** The body this module assumes the admin API takes (the contract does not fix it). */
  private Map<String, Object> newProject() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "压测限额项目 " + now);
    body.put("kind", "SPECIAL");
    body.put("year", now.atZone(java.time.ZoneOffset.UTC).getYear());
    body.put("enrollOpensAt", now.minus(1, ChronoUnit.MINUTES).toString());
    body.put("enrollClosesAt", now.plus(1, ChronoUnit.DAYS).toString());
    body.put("studyOpensAt", now.minus(1, ChronoUnit.MINUTES).toString());
    body.put("studyClosesAt", now.plus(30, ChronoUnit.DAYS).toString());
    body.put("capacity", model.integer("enrollment.cappedCapacity"));
    return body;
  }

  private String existingWithFreeSeats() throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(WITH_FREE_SEATS);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getString(1) : null;
    }
  }
}
