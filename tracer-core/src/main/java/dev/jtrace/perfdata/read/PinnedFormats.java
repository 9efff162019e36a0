package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.TracingData;
import dev.jtrace.perfdata.tracing.TracingDataParser;
import dev.jtrace.perfdata.write.TracingDataSource;
import dev.jtrace.perfdata.write.TracingDataWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last resort for a file without tracing data on a host without tracefs: the syscall
 * tracepoints' formats of jtrace's pinned ABI snapshot (tools-include-uapi, {@code
 * formats/<system>/<event>.facts}, a 64-bit kernel's). Events the file names are found by name; the
 * raw_syscalls ones also by the snapshot's ids (right for a file of that kernel).
 */
final class PinnedFormats {
  private static final String ROOT = "/dev/jtrace/abi/pinned/formats/";
  private static final List<String> RAW =
      List.of("raw_syscalls:sys_enter", "raw_syscalls:sys_exit");

  private PinnedFormats() {}

  /** The formats of the syscall tracepoint attrs, or null when the snapshot has none of them. */
  static TracingData of(List<EventAttr> attrs, Set<String> named, ByteOrder order) {
    Map<String, List<String>> bySystem = new LinkedHashMap<>();
    List<Long> configs = new ArrayList<>();
    for (EventAttr a : attrs) {
      if (a.type() == EventAttr.TYPE_TRACEPOINT) configs.add(a.config());
    }
    if (configs.isEmpty()) return null;
    try {
      for (String name : named) {
        if (name.startsWith("raw_syscalls:") || name.startsWith("syscalls:")) add(name, bySystem);
      }
      for (String raw : RAW) {
        String text = text(raw);
        if (text != null && configs.contains(idOf(text)) && !named.contains(raw))
          add(raw, bySystem);
      }
      if (bySystem.isEmpty()) return null;
      byte[] blob =
          TracingDataWriter.write(new TracingDataSource("", "", bySystem), order, 8, 4096);
      return TracingDataParser.parse(blob, 0, blob.length, 0, message -> {});
    } catch (IOException | RuntimeException e) {
      return null; // the snapshot is not on the class path: the samples stay undecoded
    }
  }

  private static void add(String event, Map<String, List<String>> bySystem) throws IOException {
    String text = text(event);
    if (text != null) {
      bySystem
          .computeIfAbsent(event.substring(0, event.indexOf(':')), k -> new ArrayList<>())
          .add(text);
    }
  }

  private static long idOf(String formatText) {
    int at = formatText.indexOf("\nID: ");
    int end = formatText.indexOf('\n', at + 1);
    return Long.parseLong(formatText.substring(at + 5, end));
  }

  /** The event's format as tracefs prints it, made from its facts; null when not pinned. */
  private static String text(String event) throws IOException {
    int colon = event.indexOf(':');
    String system = event.substring(0, colon);
    String name = event.substring(colon + 1);
    if (name.contains("/") || name.contains("..")) return null;
    String facts;
    try (InputStream in =
        PinnedFormats.class.getResourceAsStream(ROOT + system + "/" + name + ".facts")) {
      if (in == null) return null;
      facts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder sb = new StringBuilder("name: ").append(name).append('\n');
    String print = "";
    boolean common = true;
    StringBuilder fields = new StringBuilder();
    for (String line : facts.split("\n")) {
      String[] p = line.split("\t", -1);
      switch (p[0]) {
        case "id" -> sb.append("ID: ").append(p[1]).append("\nformat:\n");
        case "field" -> {
          // offset size signed array data_loc common name type
          if (common && p[6].equals("0")) {
            fields.append('\n');
            common = false;
          }
          String array = p[4].equals("0") ? "" : p[4].equals("-1") ? "[]" : "[" + p[4] + "]";
          String decl =
              p[5].equals("1") ? "__data_loc " + p[8] + "[] " + p[7] : p[8] + " " + p[7] + array;
          fields
              .append("\tfield:")
              .append(decl)
              .append(";\toffset:")
              .append(p[1])
              .append(";\tsize:")
              .append(p[2])
              .append(";\tsigned:")
              .append(p[3])
              .append(";\n");
        }
        case "print" -> print = p[1].replace("\\n", "\n");
        default -> {}
      }
    }
    return sb.append(fields).append("\nprint fmt: ").append(print).append('\n').toString();
  }
}
