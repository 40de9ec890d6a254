package org.jijiao.loadtest.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads the small files a run leaves; a missing file reads as empty, never as an error. */
final class Csv {

  private Csv() {
  }

  /** Rows as header-keyed maps. The files are written by this module: no quoting needed. */
  static List<Map<String, String>> rows(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return List.of();
    }
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length && i < cells.length; i++) {
        row.put(header[i], cells[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  static Properties properties(Path file) throws IOException {
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      }
    }
    return props;
  }

  static double number(Map<String, String> row, String column) {
    String value = row.get(column);
    return value == null || value.isBlank() ? -1 : Double.parseDouble(value);
  }

  static double number(Properties props, String key) {
    String value = props.getProperty(key);
    return value == null || value.isBlank() ? -1 : Double.parseDouble(value);
  }
}
