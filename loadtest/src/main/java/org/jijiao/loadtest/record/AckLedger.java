package org.jijiao.loadtest.record;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The most watched time the server has acknowledged for each (teacher, video). Once the
 * server answered a heartbeat with watchedSeconds = n, PostgreSQL must end up with at least
 * n after the last flush: anything less is progress the server promised and lost.
 */
public final class AckLedger {

  private final Map<String, Integer> maxWatched = new ConcurrentHashMap<>();

  public void acknowledge(String idNumber, String videoId, int watchedSeconds) {
    maxWatched.merge(idNumber + "," + videoId, watchedSeconds, Math::max);
  }

  public int size() {
    return maxWatched.size();
  }

  /** teacherIdNumber,videoId,watchedSeconds */
  public void write(Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      out.println("teacherIdNumber,videoId,watchedSeconds");
      maxWatched.forEach((key, watched) -> out.println(key + "," + watched));
    }
  }
}
