package dev.jtrace.beauty.table;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables perf does not generate, against this machine's C headers: gcc compiles every entry's
 * name with its prefix and prints its value. Names the host headers do not define yet (they are
 * older than the snapshot's kernel) are skipped; at least one entry per table must be checked.
 */
class HostHeadersTest {
  private record Spec(String table, String prefix, String includes) {}

  private static final List<Spec> SPECS =
      List.of(
          new Spec("socket_options", "SO_", "#include <asm-generic/socket.h>"),
          new Spec("tcp_options", "TCP_", "#include <linux/tcp.h>"),
          new Spec("ip_options", "IP_", "#include <linux/in.h>"),
          new Spec("ipv6_options", "IPV6_", "#include <linux/in6.h>"),
          new Spec("sockopt_levels", "SOL_", "#include <sys/socket.h>\n#include <netinet/in.h>"),
          new Spec("accept4_flags", "SOCK_", "#include <sys/socket.h>"),
          new Spec("epoll_create1_flags", "EPOLL_", "#include <sys/epoll.h>"),
          new Spec("timerfd_create_flags", "TFD_", "#include <sys/timerfd.h>"),
          new Spec("memfd_create_flags", "MFD_", "#include <linux/memfd.h>"),
          new Spec("inotify_init1_flags", "IN_", "#include <sys/inotify.h>"),
          new Spec("signalfd4_flags", "SFD_", "#include <sys/signalfd.h>"),
          new Spec("close_range_flags", "CLOSE_RANGE_", "#include <linux/close_range.h>"),
          new Spec("mmap_types", "MAP_", "#include <linux/mman.h>"));

  @Test
  void handKeptTablesAgreeWithTheHostHeaders(@TempDir Path dir) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Spec spec : SPECS) {
      Table table = Tables.get(spec.table());
      assertWithMessage(spec.table()).that(table).isNotNull();
      StringBuilder c =
          new StringBuilder("#define _GNU_SOURCE\n")
              .append(spec.includes())
              .append("\n#include <stdio.h>\nint main(void) {\n");
      for (Entry e : table.entries()) {
        String macro = spec.prefix() + e.name();
        c.append("#ifdef ")
            .append(macro)
            .append("\n  printf(\"%lld\\n\", (long long) (")
            .append(macro)
            .append("));\n#else\n  puts(\"-\");\n#endif\n");
      }
      List<String> values = compileAndRun(dir, c.append("  return 0;\n}\n").toString());
      int checked = 0;
      for (int i = 0; i < table.size(); i++) {
        Entry e = table.entries().get(i);
        if (!values.get(i).equals("-")) {
          checked++;
          if (Long.parseLong(values.get(i)) != e.value()) {
            wrong.add(
                spec.table()
                    + ": "
                    + spec.prefix()
                    + e.name()
                    + " is "
                    + values.get(i)
                    + ", table "
                    + e.value());
          }
        }
      }
      assertWithMessage(spec.table() + ": entries the host headers define")
          .that(checked)
          .isGreaterThan(0);
    }
    assertThat(wrong).isEmpty();
  }

  private static List<String> compileAndRun(Path dir, String source)
      throws IOException, InterruptedException {
    Path src = dir.resolve("values.c");
    Path bin = dir.resolve("values");
    Files.writeString(src, source);
    Process gcc;
    try {
      gcc =
          new ProcessBuilder("gcc", "-o", bin.toString(), src.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assumeTrue(false, "no gcc to read the host headers: " + e.getMessage());
      throw e;
    }
    String messages = new String(gcc.getInputStream().readAllBytes());
    assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertWithMessage(messages).that(gcc.exitValue()).isEqualTo(0);
    Process run = new ProcessBuilder(bin.toString()).start();
    List<String> lines = new String(run.getInputStream().readAllBytes()).lines().toList();
    assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return lines;
  }
}
