package org.jijiao.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.jijiao.testing.InteractionFixtures;
import org.jijiao.testing.TestClient;
import org.jijiao.testing.TestClient.Reply;
import org.jijiao.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class SessionTest {

  /** The city's special (face-to-face) project of this year. */
  private static final long SPECIAL = 1001;
  private static final long ALL_STAFF = 1000;
  private static final long SCHOOL_ADMIN = 2;
  private static final long CITY_ADMIN = 4;
  private static final long LEAD = 8;

  private static TestNode node;
  private static TestClient api;
  private static InteractionFixtures city;
  private static final AtomicInteger nextTeacher = new AtomicInteger(100);

  @BeforeAll
  static void start() {
    node = TestNode.start();
    api = node.client();
    city = new InteractionFixtures(node);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static long enrolledTeacher() {
    long id = city.teachers(nextTeacher.getAndIncrement(), 1).get(0);
    city.enroll(SPECIAL, id);
    return id;
  }

  private static JsonObject draft(int capacity, boolean checkOut) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new JsonObject().put("title", "骨干教师面授：课堂观察").put("venue", "市教育学院报告厅")
        .put("startsAt", now.minus(10, ChronoUnit.MINUTES).toString())
        .put("endsAt", now.plus(2, ChronoUnit.HOURS).toString())
        .put("capacity", capacity).put("credits", 2).put("hours", 3)
        .put("leadId", LEAD).put("checkOut", checkOut);
  }

  private static long session(int capacity, boolean checkOut) {
    Reply created = api.post("/api/admin/trainings/" + SPECIAL + "/sessions",
        city.token(CITY_ADMIN), draft(capacity, checkOut));
    assertThat(created.status()).as(created.raw().toString()).isEqualTo(201);
    return created.json().getLong("id");
  }

  private static Reply signUp(long teacher, long session) {
    return api.post("/api/sessions/" + session + "/signups", city.token(teacher), null);
  }

  private static String qrToken(long session, String mode) {
    Reply qr = api.get("/api/admin/sessions/" + session + "/qr?mode=" + mode, city.token(LEAD));
    assertThat(qr.status()).as(qr.raw().toString()).isEqualTo(200);
    return qr.json().getString("token");
  }

  private static Reply scan(long teacher, String token) {
    return api.post("/api/attendance/check-in", city.token(teacher),
        new JsonObject().put("token", token));
  }

  private static Reply summary(long teacher, long session) {
    return api.put("/api/sessions/" + session + "/summary", city.token(teacher),
        new JsonObject().put("text", "本次培训让我学会了课堂观察的方法，收获很大。"));
  }

  private static long credits(long teacher, long session) {
    return node.queryLong("select count(*) from credit_entry where teacher_id = ? "
        + "and source = 'FACE_TO_FACE' and source_ref = ?", teacher,
        "session:" + session + ":" + teacher);
  }

  @ParameterizedTest(name = "account {0} scheduling in project {1} gets {2}")
  @CsvSource({"2, 1001, 403", "3, 1001, 403", "1, 1001, 403", "8, 1001, 403",
      "4, 1001, 201", "5, 1001, 201", "4, 1000, 409"})
  void sessionsAreScheduledByAdminsCoveringTheProjectAndOnlyForFaceToFaceKinds(long account,
      long project, int status) {
    Reply reply = api.post("/api/admin/trainings/" + project + "/sessions",
        city.token(account), draft(10, false));

    assertThat(reply.status()).isEqualTo(status);
    if (project == ALL_STAFF) {
      assertThat(reply.error()).isEqualTo("wrong_project_kind");
    }
  }

  @Test
  void badSchedulesAreRefusedField() {
    JsonObject backwards = draft(10, false).put("endsAt", "2020-01-01T00:00:00Z");
    JsonObject noZone = draft(10, false).put("startsAt", "2026-05-01 09:00");

    assertThat(api.post("/api/admin/trainings/" + SPECIAL + "/sessions", city.token(CITY_ADMIN),
        backwards).json().getString("field")).isEqualTo("endsAt");
    assertThat(api.post("/api/admin/trainings/" + SPECIAL + "/sessions", city.token(CITY_ADMIN),
        noZone).json().getString("field")).isEqualTo("startsAt");
    assertThat(api.post("/api/admin/trainings/" + SPECIAL + "/sessions", city.token(CITY_ADMIN),
        draft(0, false)).json().getString("field")).isEqualTo("capacity");
    assertThat(api.post("/api/admin/trainings/" + SPECIAL + "/sessions", city.token(CITY_ADMIN),
        draft(5, false).put("leadId", 1)).json().getString("field")).isEqualTo("leadId");
  }

  @Test
  void signUpNeedsEnrollmentIsIdempotentAndStopsAtCapacity() {
    long session = session(2, false);
    long outsider = city.teachers(nextTeacher.getAndIncrement(), 1).get(0);
    long a = enrolledTeacher();
    long b = enrolledTeacher();
    long c = enrolledTeacher();

    assertThat(signUp(outsider, session).error()).isEqualTo("not_enrolled");
    assertThat(signUp(a, session).status()).isEqualTo(201);
    Reply again = signUp(a, session);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonObject("mine").getString("signedUpAt")).isNotBlank();
    assertThat(signUp(b, session).status()).isEqualTo(201);
    Reply full = signUp(c, session);
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.error()).isEqualTo("capacity_full");

    assertThat(api.delete("/api/sessions/" + session + "/signups/me", city.token(b)).status())
        .isEqualTo(204);
    assertThat(signUp(c, session).status()).isEqualTo(201);
    assertThat(node.queryLong("select signed_up from f2f_session where id = ?", session))
        .isEqualTo(2);
  }

  @Test
  void concurrentSignUpsNeverOverbook() {
    long session = session(5, false);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(city.token(enrolledTeacher()));
    }

    List<Future<HttpResponse<Buffer>>> attempts = new ArrayList<>();
    for (String token : tokens) {
      attempts.add(api.web().post("/api/sessions/" + session + "/signups")
          .bearerTokenAuthentication(token).send());
    }
    TestNode.await(Future.join(attempts));

    long created = attempts.stream().filter(f -> f.result().statusCode() == 201).count();
    long full = attempts.stream().filter(f -> f.result().statusCode() == 409).count();
    assertThat(created).isEqualTo(5);
    assertThat(full).isEqualTo(15);
    assertThat(node.queryLong("select count(*) from f2f_participant where session_id = ?",
        session)).isEqualTo(5);
    assertThat(node.queryLong("select signed_up from f2f_session where id = ?", session))
        .isEqualTo(5);
  }

  @Test
  void theRoomQrCodeIsAPngThatEncodesTheScanUrlWithASignedToken() throws Exception {
    long session = session(10, false);

    Reply qr = api.get("/api/admin/sessions/" + session + "/qr", city.token(CITY_ADMIN));
    Reply png = api.get("/api/admin/sessions/" + session + "/qr?format=png", city.token(LEAD));

    assertThat(qr.status()).isEqualTo(200);
    String token = qr.json().getString("token");
    assertThat(token).startsWith(session + ".");
    assertThat(qr.json().getInteger("refreshInSeconds")).isBetween(1, 30);
    assertThat(Instant.parse(qr.json().getString("expiresAt"))).isAfter(Instant.now());
    byte[] image = Base64.getDecoder().decode(qr.json().getString("pngBase64"));
    // An absolute link, so the phone's scanner opens the check-in page of this site.
    assertThat(decode(image)).isEqualTo("http://localhost:8080/h5/attendance/check-in?token="
        + token);
    assertThat(png.header("Content-Type")).isEqualTo("image/png");
    assertThat(decode(png.raw().getBytes())).endsWith(png.header("X-Qr-Token"));
  }

  @ParameterizedTest(name = "account {0} asking for the QR code gets {1}")
  @CsvSource({"1, 403", "2, 403", "3, 403", "9, 403", "8, 200", "4, 200"})
  void onlyTheLeadAndAdminsCoveringTheProjectSeeTheQrCode(long account, int status) {
    long session = session(10, false);

    assertThat(api.get("/api/admin/sessions/" + session + "/qr", city.token(account)).status())
        .isEqualTo(status);
  }

  @Test
  void scanningTwiceChecksInOnce() {
    long session = session(10, false);
    long teacher = enrolledTeacher();
    signUp(teacher, session);
    String token = qrToken(session, "in");

    Reply first = scan(teacher, token);
    String at = node.queryLong("select extract(epoch from checked_in_at)::bigint from "
        + "f2f_participant where session_id = ? and teacher_id = ?", session, teacher) + "";
    Reply second = scan(teacher, token);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getBoolean("already")).isFalse();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().getBoolean("already")).isTrue();
    assertThat(node.queryLong("select extract(epoch from checked_in_at)::bigint from "
        + "f2f_participant where session_id = ? and teacher_id = ?", session, teacher) + "")
        .isEqualTo(at);
    assertThat(node.queryLong("select count(*) from f2f_participant where session_id = ? "
        + "and checked_in_at is not null", session)).isEqualTo(1);
  }

  @Test
  void forgedExpiredAndForeignTokensAreRefusedWithAClearMessage() {
    long session = session(10, false);
    long other = session(10, false);
    long teacher = enrolledTeacher();
    signUp(teacher, session);
    String token = qrToken(session, "in");
    String secret = node.node().platform().config().string("attendance.qrSecret");
    QrTokens sameKey = new QrTokens(secret, 30, 15);
    long window = sameKey.windowAt(Instant.now().getEpochSecond());
    String stale = sameKey.issue(session, QrTokens.Mode.IN, window - 3);
    String forged = new QrTokens(secret + "guess", 30, 15)
        .issue(session, QrTokens.Mode.IN, window);
    String tampered = token.replaceFirst("^" + session + "\\.", other + ".");

    Reply expired = scan(teacher, stale);
    Reply fake = scan(teacher, forged);
    Reply edited = scan(teacher, tampered);
    Reply garbage = scan(teacher, "<script>alert(1)</script>");
    Reply foreign = api.post("/api/attendance/check-in", city.token(teacher),
        new JsonObject().put("token", qrToken(other, "in")).put("sessionId", session));
    Reply notSignedUp = scan(teacher, qrToken(other, "in"));

    assertThat(expired.status()).isEqualTo(409);
    assertThat(expired.error()).isEqualTo("qr_expired");
    assertThat(expired.json().getString("message")).contains("过期");
    assertThat(fake.status()).isEqualTo(400);
    assertThat(fake.error()).isEqualTo("qr_invalid");
    assertThat(edited.error()).isEqualTo("qr_invalid");
    assertThat(garbage.error()).isEqualTo("qr_invalid");
    assertThat(foreign.status()).isEqualTo(409);
    assertThat(foreign.error()).isEqualTo("qr_wrong_session");
    assertThat(notSignedUp.status()).isEqualTo(403);
    assertThat(notSignedUp.error()).isEqualTo("not_signed_up");
    assertThat(node.queryLong("select count(*) from f2f_participant where teacher_id = ? "
        + "and checked_in_at is not null", teacher)).isZero();
  }

  @Test
  void creditsEnterTheLedgerOnceAfterAttendanceSummaryAndConfirmation() {
    long session = session(10, false);
    long teacher = enrolledTeacher();
    signUp(teacher, session);

    Reply early = summary(teacher, session);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.error()).isEqualTo("not_checked_in");
    assertThat(api.post("/api/admin/sessions/" + session + "/participants/" + teacher
        + "/confirm", city.token(LEAD), null).error()).isEqualTo("not_checked_in");

    scan(teacher, qrToken(session, "in"));
    assertThat(summary(teacher, session).status()).isEqualTo(200);
    assertThat(credits(teacher, session)).isZero();

    assertThat(api.post("/api/admin/sessions/" + session + "/participants/" + teacher
        + "/confirm", city.token(teacher), null).status()).isEqualTo(403);
    assertThat(api.post("/api/admin/sessions/" + session + "/participants/" + teacher
        + "/confirm", city.token(SCHOOL_ADMIN), null).status()).isEqualTo(403);
    Reply confirmed = api.post("/api/admin/sessions/" + session + "/participants/" + teacher
        + "/confirm", city.token(LEAD), null);
    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.json().getDouble("credited")).isEqualTo(2.0);
    assertThat(credits(teacher, session)).isEqualTo(1);

    api.post("/api/admin/sessions/" + session + "/participants/" + teacher + "/confirm",
        city.token(CITY_ADMIN), null);
    summary(teacher, session);
    scan(teacher, qrToken(session, "in"));
    api.post("/api/admin/sessions/" + session + "/confirm-all", city.token(LEAD), null);
    assertThat(credits(teacher, session)).isEqualTo(1);
    assertThat(node.queryLong("select credits::int from credit_entry where source_ref = ?",
        "session:" + session + ":" + teacher)).isEqualTo(2);
    assertThat(node.queryLong("select approved_by from credit_entry where source_ref = ?",
        "session:" + session + ":" + teacher)).isEqualTo(LEAD);
    Reply mine = api.get("/api/me/sessions", city.token(teacher));
    assertThat(mine.json().getJsonArray("items").getJsonObject(0).getJsonObject("mine")
        .getDouble("credited")).isEqualTo(2.0);
  }

  @Test
  void whereCheckOutIsConfiguredCreditsWaitForIt() {
    long session = session(10, true);
    long teacher = enrolledTeacher();
    signUp(teacher, session);

    Reply outFirst = scan(teacher, qrToken(session, "out"));
    assertThat(outFirst.error()).isEqualTo("not_checked_in");
    scan(teacher, qrToken(session, "in"));
    summary(teacher, session);
    api.post("/api/admin/sessions/" + session + "/confirm-all", city.token(LEAD), null);
    assertThat(credits(teacher, session)).isZero();

    Reply out = scan(teacher, qrToken(session, "out"));
    Reply outAgain = scan(teacher, qrToken(session, "out"));

    assertThat(out.status()).isEqualTo(200);
    assertThat(out.json().getString("mode")).isEqualTo("OUT");
    assertThat(outAgain.json().getBoolean("already")).isTrue();
    assertThat(credits(teacher, session)).isEqualTo(1);
    long plain = session(10, false);
    assertThat(api.get("/api/admin/sessions/" + plain + "/qr?mode=out", city.token(LEAD))
        .error()).isEqualTo("no_check_out");
  }

  @Test
  void concurrentConfirmationsAndSummariesStillCreditOnce() {
    long session = session(10, false);
    long teacher = enrolledTeacher();
    signUp(teacher, session);
    scan(teacher, qrToken(session, "in"));
    String teacherToken = city.token(teacher);
    String leadToken = city.token(LEAD);

    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racing.add(api.web().put("/api/sessions/" + session + "/summary")
          .bearerTokenAuthentication(teacherToken)
          .sendJsonObject(new JsonObject().put("text", "并发提交的培训总结第 " + i + " 版，内容充实。")));
      racing.add(api.web().post("/api/admin/sessions/" + session + "/participants/" + teacher
          + "/confirm").bearerTokenAuthentication(leadToken).send());
    }
    TestNode.await(Future.join(racing));

    assertThat(racing).allMatch(f -> f.result().statusCode() == 200);
    assertThat(credits(teacher, session)).isEqualTo(1);
  }

  @Test
  void participantsAreListedForTheLeadAndNotForOtherAdmins() {
    long session = session(10, false);
    long teacher = enrolledTeacher();
    signUp(teacher, session);

    Reply forLead = api.get("/api/admin/sessions/" + session + "/participants",
        city.token(LEAD));
    Reply forSchool = api.get("/api/admin/sessions/" + session + "/participants",
        city.token(SCHOOL_ADMIN));

    assertThat(forLead.status()).isEqualTo(200);
    assertThat(forLead.json().getLong("total")).isEqualTo(1);
    assertThat(forLead.json().getJsonArray("items").getJsonObject(0).getLong("teacherId"))
        .isEqualTo(teacher);
    assertThat(forSchool.status()).isEqualTo(403);
    assertThat(api.get("/api/trainings/" + SPECIAL + "/sessions", city.token(teacher))
        .json().getLong("total")).isGreaterThanOrEqualTo(1);
  }

  private static String decode(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0,
        image.getWidth());
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
        new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
    return new QRCodeReader().decode(bitmap).getText();
  }
}
