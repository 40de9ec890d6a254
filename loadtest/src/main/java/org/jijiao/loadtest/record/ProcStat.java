package org.jijiao.loadtest.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Readings from Linux /proc. CPU times there are in USER_HZ ticks, which the kernel fixes
 * at 100 per second for user space whatever its internal tick rate.
 */
public final class ProcStat {

  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {
  }

  /** utime + stime of a process in seconds, or -1 when it cannot be read. */
  public static double cpuSeconds(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // The command name (field 2) may hold spaces; fields are counted after its ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      return (utime + stime) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident memory of a process in KiB, or -1. */
  public static long rssKiB(String pid) {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc", pid, "status"));
      for (String line : lines) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {busy, total} jiffies of the whole machine, from the first line of /proc/stat. */
  public static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
