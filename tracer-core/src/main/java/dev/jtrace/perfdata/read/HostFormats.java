package dev.jtrace.perfdata.read;

import dev.jtrace.perf.abi.EventAttr;
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
 * a recording killed before it wrote its features. The attrs name the tracepoints only by id, so
 * the ids are looked up in tracefs; they are right when the file was recorded on this kernel.
 */
final class HostFormats {
  private HostFormats() {}

  /** The host's tracing data for the tracepoint attrs, or null (no tracefs, no id found). */
  static TracingData of(List<EventAttr> attrs, ByteOrder order) {
    Set<Long> ids = new HashSet<>();
    for (EventAttr a : attrs) {
      if (a.type() == EventAttr.TYPE_TRACEPOINT) ids.add(a.config());
    }
    if (ids.isEmpty()) return null;
    Path events = TracingDataSource.TRACEFS.resolve("events");
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> systems = Files.newDirectoryStream(events, Files::isDirectory)) {
      for (Path system : systems) {
        try (DirectoryStream<Path> tps = Files.newDirectoryStream(system, Files::isDirectory)) {
          for (Path tp : tps) {
            Path id = tp.resolve("id");
            if (Files.isReadable(id) && ids.contains(idOf(id))) {
              names.add(system.getFileName() + ":" + tp.getFileName());
            }
          }
        }
      }
      if (names.isEmpty()) return null;
      byte[] blob =
          TracingDataWriter.write(
              TracingDataSource.fromTracefs(TracingDataSource.TRACEFS, names), order, 8, 4096);
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
