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

  /**
   * CPU seconds of a process's children that have exited and been waited for (cutime +
   * cstime), or -1: how a short-lived tool such as wrk is measured from the JVM that ran it.
   */
  public static double childrenCpuSeconds(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU seconds of each thread of a process, by "tid name"; empty when unreadable. */
  public static java.util.Map<String, Double> threadCpuSeconds(String pid) {
    java.util.Map<String, Double> threads = new java.util.HashMap<>();
    try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
      tasks.forEach(task -> {
        String tid = task.getFileName().toString();
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          String stat = Files.readString(task.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          threads.put(tid + " " + name,
              (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException gone) {
          // The thread ended between the listing and the read.
        }
      });
    } catch (IOException | RuntimeException e) {
      return java.util.Map.of();
    }
    return threads;
  }

  /**
   * Processes whose name (/proc/pid/comm) is the given one. The name, not the executable:
   * Debian's redis-server is a link to redis-check-rdb.
   */
  public static List<String> pidsNamed(String name) {
    return ProcessHandle.allProcesses()
        .map(process -> Long.toString(process.pid()))
        .filter(pid -> {
          try {
            return Files.readString(Path.of("/proc", pid, "comm")).trim().equals(name);
          } catch (IOException | RuntimeException e) {
            return false;
          }
        })
        .toList();
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
