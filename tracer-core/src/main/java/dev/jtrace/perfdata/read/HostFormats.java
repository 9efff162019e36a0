package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
import dev.jtrace.perfdata.tracing.RecordedFormats;
import dev.jtrace.perfdata.tracing.TracingData;
import dev.jtrace.perfdata.tracing.TracingDataParser;
import dev.jtrace.perfdata.write.TracingDataSource;
import dev.jtrace.perfdata.write.TracingDataWriter;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The formats of a file's tracepoints taken from this host's tracefs, for a file that carries none:
 * a recording killed before it wrote its features, or one whose feature sections are gone. Events
 * the file still names (pipe mode's EVENT_UPDATE) are looked up by name; the others by the attr's
 * config, which is right when the file was recorded on this kernel.
 */
final class HostFormats {
  private HostFormats() {}

  /**
   * The host's tracing data for the tracepoint attrs, or null (no tracefs, nothing found). {@code
   * known} holds the names the file gives its events.
   */
  static TracingData of(List<EventAttr> attrs, Set<String> known, ByteOrder order) {
    Set<Long> ids = new HashSet<>();
    for (EventAttr a : attrs) {
      if (a.type() == EventAttr.TYPE_TRACEPOINT) ids.add(a.config());
    }
    if (ids.isEmpty()) return null;
    Path events = TracingDataSource.TRACEFS.resolve("events");
    List<String> names = new ArrayList<>();
    for (String name : known) {
      int colon = name.indexOf(':');
      if (colon > 0
          && name.indexOf('/') < 0
          && !name.contains("..")
          && Files.isReadable(
              events.resolve(name.substring(0, colon)).resolve(name.substring(colon + 1)))) {
        names.add(name);
      }
    }
    try (DirectoryStream<Path> systems = Files.newDirectoryStream(events, Files::isDirectory)) {
      for (Path system : systems) {
        try (DirectoryStream<Path> tps = Files.newDirectoryStream(system, Files::isDirectory)) {
          for (Path tp : tps) {
            Path id = tp.resolve("id");
            String name = system.getFileName() + ":" + tp.getFileName();
            if (!names.contains(name) && Files.isReadable(id) && ids.contains(idOf(id))) {
              names.add(name);
            }
          }
        }
      }
      boolean strings = ids.contains((long) RecordedFormats.STRINGS_ID);
      boolean paired = ids.contains((long) RecordedFormats.PAIRED_ID);
      if (names.isEmpty() && !strings && !paired) return null;
      TracingDataSource source = TracingDataSource.fromTracefs(TracingDataSource.TRACEFS, names);
      if (strings) {
        source = source.withFormat("jtrace", RecordedFormats.STRINGS); // jtrace record's own
      }
      if (paired) {
        source = source.withFormat("jtrace", RecordedFormats.PAIRED);
      }
      byte[] blob = TracingDataWriter.write(source, order, 8, 4096);
      return TracingDataParser.parse(blob, 0, blob.length, 0, message -> {});
    } catch (IOException | RuntimeException e) {
      return null; // no usable tracefs here: the samples stay undecoded
    }
  }

  private static long idOf(Path idFile) throws IOException {
    try {
      return Long.parseLong(
          new String(Files.readAllBytes(idFile), StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
