package org.jijiao.loadtest.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads and writes the CSV trace; rows are always stored in time order. */
public final class TraceFile {

  private TraceFile() {
  }

  public static void write(Path file, List<TraceEvent> events) {
    List<TraceEvent> ordered = events.stream()
        .sorted(Comparator.comparingLong(TraceEvent::offsetMs))
        .toList();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(TraceEvent.HEADER);
        out.newLine();
        for (TraceEvent event : ordered) {
          out.write(event.toCsv());
          out.newLine();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trace " + file, e);
    }
  }

  public static List<TraceEvent> read(Path file) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines
          .skip(1)
          .filter(line -> !line.isBlank())
          .map(TraceEvent::parse)
          .sorted(Comparator.comparingLong(TraceEvent::offsetMs))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
  }
}
