package dev.jtrace.abi.format;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.model.EventFormat;
import dev.jtrace.abi.model.FormatField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The format reader takes every event format of this machine's tracefs, not only the syscall ones,
 * and places known fields right.
 */
class EveryTracefsFormatTest {
  private static final Path EVENTS = Path.of("/sys/kernel/tracing/events");

  @Test
  void readsEveryFormat() throws IOException {
    assumeTrue(
        Files.isDirectory(EVENTS.resolve("syscalls")),
        "no tracefs with syscall events at " + EVENTS);
    List<String> failures = new ArrayList<>();
    Map<String, EventFormat> formats = new HashMap<>();
    int read = 0;
    int dataLoc = 0;
    try (Stream<Path> systems = Files.list(EVENTS)) {
      for (Path system : systems.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> events = Files.list(system)) {
          for (Path event : events.filter(Files::isDirectory).sorted().toList()) {
            Path format = event.resolve("format");
            if (!Files.isRegularFile(format)) {
              continue;
            }
            try {
              EventFormat f =
                  TraceFormatReader.parse(
                      format.toString(), system.getFileName().toString(), Files.readString(format));
              formats.put(system.getFileName() + "/" + f.name(), f);
              read++;
              dataLoc += (int) f.fields().stream().filter(x -> x.dataLoc()).count();
            } catch (FormatSyntaxException e) {
              failures.add(e.getMessage());
            }
          }
        }
      }
    }
    assertWithMessage("%s formats read", read).that(failures).isEmpty();
    assertWithMessage("formats read").that(read).isGreaterThan(722);
    assertWithMessage("__data_loc fields").that(dataLoc).isGreaterThan(0);
    // Fields whose layout every 64-bit kernel shares: a reader that survives every format but
    // misplaces a
    // field fails here.
    assertThat(formats.get("syscalls/sys_enter_openat").fields())
        .containsAtLeast(
            new FormatField("int", "__syscall_nr", 0, false, 8, 4, true, false),
            new FormatField("const char *", "filename", 0, false, 24, 8, false, false))
        .inOrder();
    assertThat(formats.get("raw_syscalls/sys_enter").fields())
        .contains(new FormatField("unsigned long", "args", 6, false, 16, 48, false, false));
    assertThat(formats.get("sched/sched_process_exec").fields())
        .contains(new FormatField("char", "filename", -1, true, 8, 4, false, false));
  }
}
