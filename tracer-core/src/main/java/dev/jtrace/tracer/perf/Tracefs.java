package dev.jtrace.tracer.perf;

import dev.jtrace.perfdata.tracing.FormatParser;
import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.tracer.select.EventSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's tracefs: event ids and format files. Mounts it when missing and we are root, as perf
 * does.
 */
public final class Tracefs implements EventSelection.Catalog {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

  private final Path root;

  private Tracefs(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Finds tracefs, mounting it at /sys/kernel/tracing if needed. */
  public static Tracefs locate() throws PerfException {
    for (Path p : CANDIDATES) {
      if (Files.isDirectory(p.resolve("events"))) {
        return new Tracefs(p);
      }
    }
    Path target = CANDIDATES.getFirst();
    for (Path p : CANDIDATES) {
      if (mounted(p)) {
        // Mounted, but this user may not look inside (tracefs is mode 700 by default).
        throw new PerfException(
            "no permission to read "
                + p
                + " (tracefs is mounted, mode "
                + mode(p)
                + "); run as root, or as root: mount -o remount,mode=755 "
                + p
                + " and lower /proc/sys/kernel/perf_event_paranoid (now "
                + paranoid()
                + ") or give this user CAP_PERFMON",
            NativeCalls.EACCES);
      }
    }
    try {
      NativeCalls.mount("nodev", target.toString(), "tracefs");
    } catch (PerfException e) {
      throw new PerfException(
          "tracefs is not mounted and mounting it failed ("
              + e.getMessage()
              + "); as root run: mount -t tracefs nodev /sys/kernel/tracing",
          e.errno());
    }
    if (!Files.isDirectory(target.resolve("events"))) {
      throw new PerfException("tracefs mounted at " + target + " has no events directory", 0);
    }
    return new Tracefs(target);
  }

  /** Whether /proc/mounts lists a tracefs at p. */
  private static boolean mounted(Path p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("tracefs") && Path.of(f[1]).equals(p)) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  private static String mode(Path p) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(p));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String paranoid() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Whether system:name exists. */
  public boolean has(String system, String name) {
    return Files.isRegularFile(root.resolve("events").resolve(system).resolve(name).resolve("id"));
  }

  /** The id of tracepoint system:name, for perf_event_attr.config. */
  public long eventId(String system, String name) throws PerfException {
    Path p = root.resolve("events").resolve(system).resolve(name).resolve("id");
    try {
      return Long.parseLong(Files.readString(p).trim());
    } catch (IOException | NumberFormatException e) {
      throw new PerfException(
          "cannot read tracepoint id "
              + p
              + ": "
              + e.getMessage()
              + " (is tracefs mounted and readable? run as root)",
          0);
    }
  }

  /**
   * system:name's format file, parsed as perf.data's tracing data is; empty when it cannot be read.
   */
  public Optional<TracepointFormat> format(String system, String name) {
    Path p = root.resolve("events").resolve(system).resolve(name).resolve("format");
    try {
      return Optional.of(FormatParser.parse(system, Files.readString(p)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The event systems tracefs holds ({@code sched}, {@code signal}, …), sorted. */
  @Override
  public List<String> systems() {
    return events("");
  }

  /** Names of the events of a system (e.g. every syscalls:* event). */
  @Override
  public List<String> events(String system) {
    List<String> out = new ArrayList<>();
    try (var s = Files.list(root.resolve("events").resolve(system))) {
      s.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
    } catch (IOException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }
}
