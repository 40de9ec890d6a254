package org.jijiao.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The reference CSV files shipped in resources/seed (copied from the shared data set). */
final class ReferenceData {

  record District(String code, String name, String kind) {
  }

  record StageSubject(String stageName, String subject) {
  }

  private ReferenceData() {
  }

  static List<District> districts() {
    return read("/seed/changchun-districts.csv").stream()
        .map(cols -> new District(cols[0], cols[1], cols[2]))
        .toList();
  }

  static List<StageSubject> stageSubjects() {
    return read("/seed/stages-subjects.csv").stream()
        .map(cols -> new StageSubject(cols[0], cols[1]))
        .toList();
  }

  static List<String> publicCourses2020() {
    return read("/seed/public-courses-2020.csv").stream().map(cols -> cols[0]).toList();
  }

  private static List<String[]> read(String resource) {
    try (var reader = new BufferedReader(new InputStreamReader(
        ReferenceData.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
      List<String[]> rows = new ArrayList<>();
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
