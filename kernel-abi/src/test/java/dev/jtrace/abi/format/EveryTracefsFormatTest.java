package dev.jtrace.abi.format;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.abi.model.EventFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The format reader takes every event format of this machine's tracefs, not only the syscall ones. */
class EveryTracefsFormatTest {
  private static final Path EVENTS = Path.of("/sys/kernel/tracing/events");

  @Test
  void readsEveryFormat() throws IOException {
    assumeTrue(Files.isDirectory(EVENTS.resolve("syscalls")), "no tracefs with syscall events at " + EVENTS);
    List<String> failures = new ArrayList<>();
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
              EventFormat f = TraceFormatReader.parse(format.toString(), system.getFileName().toString(),
                  Files.readString(format));
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
  }
}
