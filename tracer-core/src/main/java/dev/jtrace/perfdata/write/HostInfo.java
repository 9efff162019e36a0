package dev.jtrace.perfdata.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine-describing features of a file: hostname, os release, arch, cpu counts, command line.
 */
public record HostInfo(
    String hostname,
    String osRelease,
    String arch,
    int nrCpusOnline,
    int nrCpusAvailable,
    List<String> cmdline) {

  /** This machine, as perf describes it ({@code uname -m} for the arch). */
  public static HostInfo host(List<String> cmdline) {
    String arch = read("/proc/sys/kernel/arch");
    if (arch == null) {
      String os = System.getProperty("os.arch");
      arch =
          switch (os) {
            case "amd64" -> "x86_64";
            case "x86" -> "i686";
            default -> os;
          };
    }
    int online = countCpus(read("/sys/devices/system/cpu/online"));
    int present = countCpus(read("/sys/devices/system/cpu/present"));
    int n = Runtime.getRuntime().availableProcessors();
    return new HostInfo(
        orElse(read("/proc/sys/kernel/hostname"), "localhost"),
        orElse(read("/proc/sys/kernel/osrelease"), System.getProperty("os.version")),
        arch,
        online > 0 ? online : n,
        present > 0 ? present : n,
        List.copyOf(cmdline));
  }

  private static String orElse(String s, String other) {
    return s != null ? s : other;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path)).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Counts a cpu list such as {@code 0-3,6}. */
  static int countCpus(String list) {
    if (list == null || list.isBlank()) return -1;
    int n = 0;
    try {
      for (String part : list.split(",")) {
        int dash = part.indexOf('-');
        n +=
            dash < 0
                ? 1
                : Integer.parseInt(part.substring(dash + 1))
                    - Integer.parseInt(part.substring(0, dash))
                    + 1;
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return n;
  }
}
