package org.jijiao.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test data the enrollment and course APIs (built elsewhere) would create: enrollments and
 * selections by SQL, short courses, access tokens minted with the node's own key for
 * generated teachers, and a tiny real MP4 for the media tests.
 */
public final class Fixtures {

  public static final long PROJECT = 1000;
  public static final long DEMO_TEACHER = 1;
  public static final long DEMO_LEAD = 8;

  private Fixtures() {
  }

  /** Enrolls the teacher in the project if needed and selects the course; the selection id. */
  public static long select(TestNode node, long teacherId, long courseId) {
    node.execute("""
        insert into enrollment (project_id, teacher_id, org_id)
        select ?, id, org_id from account where id = ?
        on conflict (project_id, teacher_id) do nothing""", PROJECT, teacherId);
    return node.queryLong("""
        insert into selection (enrollment_id, project_id, teacher_id, course_id)
        select e.id, e.project_id, e.teacher_id, ? from enrollment e
        where e.project_id = ? and e.teacher_id = ?
        on conflict (project_id, teacher_id, course_id) do update set course_id = excluded.course_id
        returning id""", courseId, PROJECT, teacherId);
  }

  /** A public course offered by the project, with videos of the given lengths. */
  public static long course(TestNode node, String code, double credits, double hours,
      int... videoSeconds) {
    long course = node.queryLong("""
        insert into course (code, title, category, hours, credits, lead_id)
        values (?, ?, 'PUBLIC', ?, ?, ?) returning id""", code, "测试课程 " + code, hours,
        credits, DEMO_LEAD);
    node.execute("insert into project_course (project_id, course_id) values (?, ?)", PROJECT,
        course);
    for (int i = 0; i < videoSeconds.length; i++) {
      node.execute("""
          insert into course_video (course_id, ord, title, duration_seconds, media_file)
          values (?, ?, ?, ?, 'clip-60.mp4')""", course, i + 1, "第 " + (i + 1) + " 讲",
          videoSeconds[i]);
    }
    return course;
  }

  public static List<Long> videos(TestNode node, long courseId) {
    return longs(node, "select id from course_video where course_id = ? order by ord", courseId);
  }

  /** Ids of generated plain teachers (no other role, not demo accounts), in a stable order. */
  public static List<Long> teachers(TestNode node, int count) {
    return longs(node, """
        select account_id from account_role where account_id >= 100 group by account_id
        having bool_and(role = 'TEACHER') order by account_id limit ?""", count);
  }

  public static List<Long> longs(TestNode node, String sql, Object... params) {
    try (var c = node.jdbc(); var st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      List<Long> out = new ArrayList<>();
      try (var rows = st.executeQuery()) {
        while (rows.next()) {
          out.add(rows.getLong(1));
        }
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An access token for any account, signed with the node's key (as login would). */
  public static String token(TestNode node, long accountId) {
    String scope;
    long org;
    List<String> roles = new ArrayList<>();
    try (var c = node.jdbc(); var st = c.prepareStatement("""
        select a.org_id, o.path, r.role from account a join org_unit o on o.id = a.org_id
        join account_role r on r.account_id = a.id where a.id = ?""")) {
      st.setLong(1, accountId);
      try (var rows = st.executeQuery()) {
        rows.next();
        org = rows.getLong(1);
        scope = rows.getString(2);
        do {
          roles.add(rows.getString(3));
        } while (rows.next());
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    JsonObject claims = new JsonObject().put("sub", String.valueOf(accountId))
        .put("name", "测试").put("roles", new JsonArray(roles)).put("org", org)
        .put("scope", scope).put("pwc", false);
    return node.node().platform().jwt().generateToken(claims,
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(3600));
  }

  /** A tiny real MP4 (2 s) made once with ffmpeg under target/, named as the seed expects. */
  public static synchronized Path mediaDir() {
    Path dir = Path.of("target/test-media").toAbsolutePath();
    Path clip = dir.resolve("clip-60.mp4");
    if (Files.exists(clip)) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      Path partial = dir.resolve("partial.mp4");
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
          "-i", "testsrc=size=160x90:rate=10:duration=2", "-c:v", "libx264", "-pix_fmt",
          "yuv420p", "-movflags", "+faststart", partial.toString())
          .inheritIO().start();
      if (ffmpeg.waitFor() != 0) {
        throw new IllegalStateException("ffmpeg failed; install it with apt-get install ffmpeg");
      }
      Files.move(partial, clip);
      Files.copy(clip, dir.resolve("clip-90.mp4"));
      Files.copy(clip, dir.resolve("clip-120.mp4"));
      return dir;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot make the test clip", e);
    }
  }
}
