package dev.jtrace.perfdata.write;

import dev.jtrace.perfdata.tracing.TracepointFormat;
import dev.jtrace.perfdata.tracing.TracingData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texts the tracing data is made of: header_page, header_event, the format of each recorded
 * event by system, and a kallsyms listing ("" when none is kept, as perf 6.1 writes it). Read from
 * tracefs at record time, or taken from an existing file's tracing data.
 */
public record TracingDataSource(
    String headerPage,
    String headerEvent,
    Map<String, List<String>> formatsBySystem,
    String kallsyms) {

  public TracingDataSource(
      String headerPage, String headerEvent, Map<String, List<String>> formatsBySystem) {
    this(headerPage, headerEvent, formatsBySystem, "");
  }

  /**
   * The same with this kallsyms listing: a recording's kernel frames are then named on another
   * machine, or after a reboot, by the kernel they came from.
   */
  public TracingDataSource withKallsyms(String text) {
    return new TracingDataSource(headerPage, headerEvent, formatsBySystem, text);
  }

  /** The same with one more event format under this system. */
  public TracingDataSource withFormat(String system, String format) {
    Map<String, List<String>> bySystem = new LinkedHashMap<>();
    formatsBySystem.forEach((k, v) -> bySystem.put(k, new ArrayList<>(v)));
    bySystem.computeIfAbsent(system, k -> new ArrayList<>()).add(format);
    return new TracingDataSource(headerPage, headerEvent, bySystem, kallsyms);
  }

  /** This machine's /proc/kallsyms ("" when unreadable). */
  public static String hostKallsyms() {
    try (var in = Files.newInputStream(Path.of("/proc/kallsyms"))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** The default tracefs mount point. */
  public static final Path TRACEFS = Path.of("/sys/kernel/tracing");

  /**
   * Reads the formats of {@code system:name} events from tracefs. Throws IOException naming the
   * file that is missing (an unknown event, or tracefs not mounted).
   */
  public static TracingDataSource fromTracefs(Path tracefs, List<String> events)
      throws IOException {
    Path dir = tracefs.resolve("events");
    String page = read(dir.resolve("header_page"));
    String event = read(dir.resolve("header_event"));
    Map<String, List<String>> bySystem = new LinkedHashMap<>();
    for (String e : events) {
      int colon = e.indexOf(':');
      if (colon <= 0) throw new IOException("event '" + e + "' is not of the form system:name");
      String system = e.substring(0, colon);
      Path format = dir.resolve(system).resolve(e.substring(colon + 1)).resolve("format");
      String text = read(format);
      bySystem.computeIfAbsent(system, k -> new ArrayList<>()).add(text);
    }
    return new TracingDataSource(page, event, bySystem);
  }

  /**
   * Reads a tracefs file to its end (its stat size is 0, so whole-file reads by size come back
   * short).
   */
  private static String read(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The texts of an already parsed tracing data (to copy events into a new file). */
  public static TracingDataSource from(TracingData data, List<TracepointFormat> events) {
    Map<String, List<String>> bySystem = new LinkedHashMap<>();
    for (TracepointFormat f : events)
      bySystem.computeIfAbsent(f.system(), k -> new ArrayList<>()).add(f.text());
    return new TracingDataSource(
        data.headerPage(),
        data.headerEvent(),
        bySystem,
        data.kallsyms() == null ? "" : data.kallsyms());
  }
}
