package dev.jtrace.tracer.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU lists in the kernel's {@code 0-3,5} syntax (sysfs online list, perf's -C). */
public final class OnlineCpus {
  private OnlineCpus() {}

  /** The online CPUs. */
  public static List<Integer> online() {
    try {
      return parse(Files.readString(Path.of("/sys/devices/system/cpu/online")).trim());
    } catch (IOException | IllegalArgumentException e) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
        all.add(i);
      }
      return all;
    }
  }

  /** How many CPUs may ever exist (the highest possible one + 1): a per-CPU BPF map's width. */
  public static int possible() {
    try {
      List<Integer> cpus =
          parse(Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim());
      return cpus.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    } catch (IOException | IllegalArgumentException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * The CPUs of a {@code -C} list, each of them online; throws IllegalArgumentException naming the
   * first that is not and the online ones (the kernel's EINVAL said neither).
   */
  public static List<Integer> select(String list) {
    List<Integer> wanted = parse(list);
    List<Integer> online = online();
    for (int cpu : wanted) {
      if (!online.contains(cpu)) {
        throw new IllegalArgumentException(
            "no such CPU " + cpu + " (online: " + ranges(online) + ")");
      }
    }
    return wanted;
  }

  /** The list in the kernel's syntax: {@code 0-3,5}. */
  public static String ranges(List<Integer> cpus) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cpus.size(); i++) {
      int first = cpus.get(i);
      while (i + 1 < cpus.size() && cpus.get(i + 1) == cpus.get(i) + 1) {
        i++;
      }
      sb.append(sb.isEmpty() ? "" : ",").append(first);
      if (cpus.get(i) != first) {
        sb.append('-').append(cpus.get(i));
      }
    }
    return sb.toString();
  }

  /** Parses {@code 0-3,5}; throws IllegalArgumentException naming the bad part. */
  public static List<Integer> parse(String list) {
    List<Integer> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        int dash = p.indexOf('-');
        if (dash > 0) {
          int lo = Integer.parseInt(p.substring(0, dash));
          int hi = Integer.parseInt(p.substring(dash + 1));
          if (hi < lo) {
            throw new IllegalArgumentException("bad cpu range '" + p + "'");
          }
          for (int c = lo; c <= hi; c++) {
            out.add(c);
          }
        } else {
          out.add(Integer.parseInt(p));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad cpu '" + p + "' (expected a list like 0-3,5)");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty cpu list");
    }
    return out;
  }
}
