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
