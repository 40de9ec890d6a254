package org.jijiao.loadtest.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the trace: at offsetMs after the start, the person with this ID number
 * begins action with these parameters. Parameters are {@code key=value} pairs joined by
 * {@code ;} so the row stays four plain CSV columns.
 */
public record TraceEvent(long offsetMs, String idNumber, Action action, Map<String, String> params) {

  public static final String HEADER = "offsetMs,teacherIdNumber,action,params";

  public TraceEvent {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  public String param(String key, String fallback) {
    return params.getOrDefault(key, fallback);
  }

  public long longParam(String key, long fallback) {
    String value = params.get(key);
    return value == null ? fallback : Long.parseLong(value);
  }

  public String toCsv() {
    StringBuilder encoded = new StringBuilder();
    params.forEach((key, value) -> {
      if (encoded.length() > 0) {
        encoded.append(';');
      }
      encoded.append(key).append('=').append(value);
    });
    return offsetMs + "," + idNumber + "," + action + "," + encoded;
  }

  public static TraceEvent parse(String line) {
    String[] columns = line.split(",", 4);
    if (columns.length < 3) {
      throw new IllegalArgumentException("not a trace row: " + line);
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (columns.length == 4 && !columns[3].isBlank()) {
      for (String pair : columns[3].split(";")) {
        int eq = pair.indexOf('=');
        params.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new TraceEvent(Long.parseLong(columns[0]), columns[1], Action.valueOf(columns[2]), params);
  }
}
