package dev.jtrace.beauty.content;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.beauty.Arch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated layouts are the compiler's: every size, member offset and member size of the
 * structs the contents decode, asserted at compile time by gcc over the same kernel's headers, for
 * x86_64 and (gcc -m32) i386.
 */
class LayoutsAgainstGccTest {
  /** The UAPI headers of the layouts (include/linux/socket.h's structs are kernel-internal). */
  static final String HEADERS =
      """
      #include <stddef.h>
      #include <linux/types.h>
      #include <linux/time_types.h>
      #include <linux/time.h>
      #include <asm/stat.h>
      #include <linux/stat.h>
      #include <linux/resource.h>
      #include <asm/poll.h>
      #include <linux/eventpoll.h>
      #include <asm/signal.h>
      #include <asm/siginfo.h>
      #include <linux/utsname.h>
      #include <linux/sched/types.h>
      #include <linux/sched.h>
      #include <linux/openat2.h>
      #include <linux/socket.h>
      #include <linux/in.h>
      #include <linux/in6.h>
      #include <linux/un.h>
      #include <linux/netlink.h>
      #include <linux/if_packet.h>
      #include <linux/uio.h>
      #include <asm/termbits.h>
      #include <asm/termios.h>
      #include <asm/statfs.h>
      #include <linux/sysinfo.h>
      """;

  static final List<String> STRUCTS =
      List.of(
          "struct __kernel_timespec",
          "struct __kernel_old_timeval",
          "struct __kernel_old_itimerval",
          "struct __kernel_itimerspec",
          "struct timespec",
          "struct timezone",
          "struct stat",
          "struct statx",
          "struct statx_timestamp",
          "struct rlimit",
          "struct rlimit64",
          "struct rusage",
          "struct pollfd",
          "struct epoll_event",
          "struct sigaction",
          "struct siginfo",
          "union __sifields",
          "struct new_utsname",
          "struct sched_attr",
          "struct clone_args",
          "struct open_how",
          "struct sockaddr_in",
          "struct sockaddr_in6",
          "struct sockaddr_un",
          "struct sockaddr_nl",
          "struct sockaddr_ll",
          "struct iovec",
          "struct termios",
          "struct termios2",
          "struct winsize",
          "struct statfs",
          "struct sysinfo");

  @TempDir Path work;

  private static String asserts(Arch arch) {
    StringBuilder c = new StringBuilder(HEADERS);
    int checks = 0;
    for (String key : STRUCTS) {
      Layout l = SyscallContents.layout(arch, key);
      if (l == null) {
        continue; // no syscall of this arch copies it
      }
      c.append("_Static_assert(sizeof(")
          .append(key)
          .append(") == ")
          .append(l.size())
          .append(", \"sizeof ")
          .append(key)
          .append("\");\n");
      for (Layout.Field f : l.fields()) {
        if (f.type().indexOf(':') >= 0 || f.type().endsWith("[]")) {
          continue; // bit-fields and flexible arrays have no offsetof / sizeof
        }
        String where = key + "." + f.name();
        c.append("_Static_assert(offsetof(")
            .append(key)
            .append(", ")
            .append(f.name())
            .append(") == ")
            .append(f.offset())
            .append(", \"offset ")
            .append(where)
            .append("\");\n");
        c.append("_Static_assert(sizeof(((")
            .append(key)
            .append(" *)0)->")
            .append(f.name())
            .append(") == ")
            .append(f.size())
            .append(", \"size ")
            .append(where)
            .append("\");\n");
        checks++;
      }
    }
    assertWithMessage(arch + " members checked").that(checks).isGreaterThan(150);
    return c.toString();
  }

  @Test
  void x86_64LayoutsAreGccs() throws IOException {
    KernelHeadersCompiler gcc = new KernelHeadersCompiler(work);
    KernelHeadersCompiler.Run r = gcc.compile("x86_64", asserts(Arch.X86_64), false, "-m64");
    assertWithMessage(r.output()).that(r.exitCode()).isEqualTo(0);
  }

  @Test
  void i386LayoutsAreGccMinus32s() throws IOException {
    KernelHeadersCompiler gcc = new KernelHeadersCompiler(work);
    assumeTrue(
        gcc.compile("probe", "int x;\n", false, "-m32").exitCode() == 0,
        "gcc cannot compile for -m32 here");
    KernelHeadersCompiler.Run r = gcc.compile("i386", asserts(Arch.I386), false, "-m32");
    assertWithMessage(r.output()).that(r.exitCode()).isEqualTo(0);
  }
}
