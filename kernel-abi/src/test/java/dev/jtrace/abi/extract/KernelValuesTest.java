package dev.jtrace.abi.extract;

import static com.google.common.truth.Truth.assertThat;

import dev.jtrace.abi.cheader.HeaderAnalyzer;
import dev.jtrace.abi.model.Define;
import dev.jtrace.abi.model.HeaderFacts;
import dev.jtrace.abi.model.StructSize;
import dev.jtrace.abi.model.SyscallEntry;
import dev.jtrace.abi.model.SyscallTableFacts;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values read from the real 6.12 tree, checked against facts known independently (man pages, gcc).
 */
class KernelValuesTest {
  private static KernelTree tree;
  private static HeaderAnalyzer analyzer;

  @BeforeAll
  static void open() {
    tree = KernelSources.linux612();
    analyzer = new HeaderAnalyzer(tree);
  }

  private static long define(String header, String name) {
    HeaderFacts h = analyzer.analyze(header);
    for (Define d : h.defines()) {
      if (d.name().equals(name)) {
        return d.value().orElseThrow();
      }
    }
    throw new AssertionError(name + " not in " + header);
  }

  @Test
  void prctlAndMmap() {
    assertThat(define("include/uapi/linux/prctl.h", "PR_SET_MM")).isEqualTo(35);
    assertThat(define("include/uapi/asm-generic/mman-common.h", "MAP_ANONYMOUS")).isEqualTo(0x20);
    assertThat(define("arch/mips/include/uapi/asm/mman.h", "MAP_ANONYMOUS")).isEqualTo(0x800);
    assertThat(define("arch/x86/include/uapi/asm/mman.h", "MAP_32BIT")).isEqualTo(0x40);
  }

  @Test
  void errnoPerArch() {
    assertThat(define("include/uapi/asm-generic/errno-base.h", "EAGAIN")).isEqualTo(11);
    assertThat(define("arch/alpha/include/uapi/asm/errno.h", "EAGAIN")).isEqualTo(35);
    assertThat(define("arch/mips/include/uapi/asm/errno.h", "ENOMSG")).isEqualTo(35);
    assertThat(define("include/uapi/asm-generic/errno.h", "ENOMSG")).isEqualTo(42);
    assertThat(define("arch/sparc/include/uapi/asm/errno.h", "EWOULDBLOCK"))
        .isEqualTo(11); // = EAGAIN
    assertThat(define("arch/parisc/include/uapi/asm/errno.h", "EINPROGRESS")).isEqualTo(245);
  }

  @Test
  void ioctlsAndStructSizes() {
    HeaderFacts drm = analyzer.analyze("include/uapi/drm/drm.h");
    assertThat(drm.structs()).contains(new StructSize("struct", "drm_version", 64));
    assertThat(define("include/uapi/drm/drm.h", "DRM_IOCTL_VERSION")).isEqualTo(0xc0406400L);
    assertThat(define("include/uapi/drm/i915_drm.h", "DRM_IOCTL_I915_GEM_EXECBUFFER2"))
        .isEqualTo(0x40406469L);
    assertThat(define("include/uapi/linux/perf_event.h", "PERF_EVENT_IOC_SET_OUTPUT"))
        .isEqualTo(0x2405);
    assertThat(define("include/uapi/linux/perf_event.h", "PERF_EVENT_IOC_ID"))
        .isEqualTo(0x80082407L);
    assertThat(define("include/uapi/asm-generic/ioctls.h", "TCGETS")).isEqualTo(0x5401);
    assertThat(define("include/uapi/asm-generic/ioctls.h", "TIOCGPTN")).isEqualTo(0x80045430L);
  }

  @Test
  void ioctlEncodingPerArch() {
    for (String arch : new String[] {"powerpc", "mips", "sparc", "alpha"}) {
      HeaderFacts drm =
          analyzer.analyze(
              "include/uapi/drm/drm.h", dev.jtrace.abi.cheader.TargetArch.forDir(arch));
      long setMaster =
          drm.defines().stream()
              .filter(d -> d.name().equals("DRM_IOCTL_SET_MASTER"))
              .findFirst()
              .orElseThrow()
              .value()
              .orElseThrow();
      assertThat(setMaster).isEqualTo(0x2000641eL); // _IOC_NONE is 1 there, 0 on x86
    }
    assertThat(define("include/uapi/drm/drm.h", "DRM_IOCTL_SET_MASTER")).isEqualTo(0x641e);
  }

  @Test
  void structsOfOtherTrackedHeadersSizeIoctls() {
    Map<String, HeaderFacts> headers =
        new SnapshotBuilder(tree, java.util.Optional.empty())
            .headers(
                java.util.List.of(
                    "include/uapi/asm-generic/ioctls.h", "include/uapi/asm-generic/termbits.h"));
    long tcgets2 =
        headers.get("include/uapi/asm-generic/ioctls.h").defines().stream()
            .filter(d -> d.name().equals("TCGETS2"))
            .findFirst()
            .orElseThrow()
            .value()
            .orElseThrow();
    assertThat(tcgets2).isEqualTo(0x802c542aL);
  }

  @Test
  void enumsAndFlags() {
    HeaderFacts bpf = analyzer.analyze("include/uapi/linux/bpf.h");
    assertThat(
            bpf.enums().stream()
                .filter(e -> e.enumTag().equals("bpf_cmd") && e.name().equals("BPF_PROG_LOAD"))
                .findFirst()
                .orElseThrow()
                .value())
        .isEqualTo(5);
    assertThat(define("include/uapi/linux/sched.h", "CLONE_NEWUSER")).isEqualTo(0x10000000);
    assertThat(define("include/uapi/asm-generic/fcntl.h", "O_CLOEXEC")).isEqualTo(02000000);
    assertThat(define("include/uapi/linux/fcntl.h", "AT_FDCWD")).isEqualTo(-100);
    assertThat(define("include/linux/socket.h", "AF_INET6")).isEqualTo(10);
    assertThat(define("arch/x86/include/uapi/asm/prctl.h", "ARCH_SET_FS")).isEqualTo(0x1002);
    assertThat(define("arch/x86/include/asm/msr-index.h", "SPEC_CTRL_IBRS")).isEqualTo(1);
  }

  @Test
  void syscallNumbers() {
    Map<String, SyscallTableFacts> t = SyscallTables.read(tree).tables();
    assertThat(t.keySet())
        .containsExactly(
            "x86_64",
            "i386",
            "arm64",
            "arm",
            "powerpc64",
            "powerpc32",
            "s390x",
            "mips64",
            "riscv64");
    assertThat(t.get("x86_64").entries()).contains(new SyscallEntry(257, "openat"));
    assertThat(t.get("x86_64").entries()).doesNotContain(new SyscallEntry(512, "rt_sigaction"));
    assertThat(t.get("i386").entries()).contains(new SyscallEntry(5, "open"));
    assertThat(t.get("arm64").entries())
        .containsAtLeast(
            new SyscallEntry(222, "mmap"),
            new SyscallEntry(80, "fstat"),
            new SyscallEntry(62, "lseek"),
            new SyscallEntry(223, "fadvise64"),
            new SyscallEntry(38, "renameat"),
            new SyscallEntry(163, "getrlimit"));
    assertThat(t.get("riscv64").entries())
        .containsAtLeast(
            new SyscallEntry(222, "mmap"), new SyscallEntry(259, "riscv_flush_icache"));
    assertThat(t.get("arm").entries()).contains(new SyscallEntry(322, "openat"));
    assertThat(t.get("mips64").entries()).contains(new SyscallEntry(5000, "read"));
    assertThat(t.get("powerpc64").entries()).contains(new SyscallEntry(286, "openat"));
    assertThat(t.get("powerpc32").entries()).contains(new SyscallEntry(192, "mmap2"));
    assertThat(t.get("powerpc64").entries()).doesNotContain(new SyscallEntry(192, "mmap2"));
    assertThat(t.get("s390x").entries()).contains(new SyscallEntry(288, "openat"));
  }
}
