package dev.jtrace.beauty;

import static com.google.common.truth.Truth.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Renders real syscalls with the generated tables and signatures; expected values checked by hand.
 */
class SyscallBeautifierTest {
  private static final SyscallBeautifier X86 = SyscallBeautifier.forArch(Arch.X86_64);
  private static final long AT_FDCWD = -100;

  /** A context with one process: pid 42 is "sshd" and has /etc/passwd open on fd 3. */
  private static final BeautyContext CONTEXT =
      new BeautyContext() {
        @Override
        public String comm(int pid) {
          return pid == 42 ? "sshd" : null;
        }

        @Override
        public String fdPath(int pid, int fd) {
          return pid == 42 && fd == 3 ? "/etc/passwd" : null;
        }
      };

  private static String args(SyscallBeautifier b, String syscall, long... args) {
    StringBuilder out = new StringBuilder();
    b.appendArgs(
        out, 42, b.number(syscall), java.util.Arrays.copyOf(args, 6), CapturedMemory.NONE, CONTEXT);
    return out.toString();
  }

  private static String ret(SyscallBeautifier b, String syscall, long ret, long... args) {
    StringBuilder out = new StringBuilder();
    b.appendReturn(out, 42, b.number(syscall), ret, java.util.Arrays.copyOf(args, 6), CONTEXT);
    return out.toString();
  }

  @Test
  void onlyExitAndExitGroupNeverReturn() {
    for (Arch arch : new Arch[] {Arch.X86_64, Arch.ARM64}) {
      SyscallBeautifier b = SyscallBeautifier.forArch(arch);
      assertThat(Arrays.stream(b.numbers()).filter(b.noReturn()).mapToObj(b::name).toList())
          .containsExactly("exit", "exit_group");
    }
    assertThat(X86.noReturn().test(-1)).isFalse();
  }

  @Test
  void namesAndNumbersFollowTheArch() {
    assertThat(X86.name(257)).isEqualTo("openat");
    assertThat(X86.number("openat")).isEqualTo(257);
    assertThat(SyscallBeautifier.forArch(Arch.ARM64).name(222)).isEqualTo("mmap");
    assertThat(SyscallBeautifier.forArch(Arch.ARM64).name(56)).isEqualTo("openat");
    assertThat(X86.name(100_000)).isEqualTo("syscall_100000");
  }

  @Test
  void openatShowsCwdFlagsAndHidesModeWithoutCreat() {
    assertThat(args(X86, "openat", AT_FDCWD, 0x7ffd12345678L, 0x80000, 0))
        .isEqualTo("dfd: CWD, filename: 0x7ffd12345678, flags: RDONLY|CLOEXEC");
    assertThat(args(X86, "openat", AT_FDCWD, 0x7ffd12345678L, 0x241, 0644))
        .isEqualTo(
            "dfd: CWD, filename: 0x7ffd12345678, flags: WRONLY|CREAT|TRUNC, mode:"
                + " IRUSR|IWUSR|IRGRP|IROTH");
  }

  @Test
  void syscallsWhoseFormatHasAnotherNameStillHaveTheirSignature() {
    assertThat(X86.signature(X86.number("umount2")).name()).isEqualTo("umount2");
    assertThat(args(X86, "sendfile", 1, 3, 0, 4096))
        .isEqualTo("out_fd: 1, in_fd: 3</etc/passwd>, count: 4096");
    assertThat(SyscallBeautifier.forArch(Arch.ARM64).signature(39).name()).isEqualTo("umount2");
    // Paired per arch at build time: x86_64's fstat is the newfstat format, i386's fcntl64 the
    // fcntl one.
    assertThat(args(X86, "fstat", 3, 0x1000)).isEqualTo("fd: 3</etc/passwd>, statbuf: 0x1000");
    SyscallBeautifier i386 = SyscallBeautifier.forArch(Arch.I386);
    assertThat(i386.signature(i386.number("fcntl64")).name()).isEqualTo("fcntl64");
    assertThat(args(i386, "fcntl64", 3, 2, 1))
        .isEqualTo("fd: 3</etc/passwd>, cmd: SETFD, arg: CLOEXEC");
  }

  @Test
  void capturedStringsAreQuoted() {
    StringBuilder out = new StringBuilder();
    long[] a = {AT_FDCWD, 0x7ffd0000L, 0, 0, 0, 0};
    X86.appendArgs(out, 42, 257, a, i -> i == 1 ? "/etc/passwd" : null, CONTEXT);
    assertThat(out.toString()).isEqualTo("dfd: CWD, filename: \"/etc/passwd\", flags: RDONLY");
  }

  @Test
  void fdsShowTheirPathsAndPidsTheirComm() {
    assertThat(args(X86, "read", 3, 0x1000, 4096))
        .isEqualTo("fd: 3</etc/passwd>, buf: 0x1000, count: 4096");
    assertThat(args(X86, "kill", 42, 15)).isEqualTo("pid: 42 (sshd), sig: TERM");
    assertThat(args(X86, "read", 0, 0x1000, 1)).startsWith("fd: 0, ");
  }

  @Test
  void returnValuesByKind() {
    assertThat(ret(X86, "openat", -2)).isEqualTo("-1 ENOENT (No such file or directory)");
    assertThat(ret(X86, "openat", 3)).isEqualTo("3</etc/passwd>");
    assertThat(ret(X86, "mmap", 0x7f0012340000L)).isEqualTo("0x7f0012340000");
    assertThat(ret(X86, "getpid", 42)).isEqualTo("42 (sshd)");
    assertThat(ret(X86, "poll", 0)).isEqualTo("0 (Timeout)");
    assertThat(ret(X86, "exit_group", 0)).isEqualTo("?");
    assertThat(ret(X86, "write", 5)).isEqualTo("5");
  }

  @Test
  void fcntlRendersItsArgumentAndResultByCommand() {
    assertThat(args(X86, "fcntl", 3, 2, 1))
        .isEqualTo("fd: 3</etc/passwd>, cmd: SETFD, arg: CLOEXEC");
    assertThat(ret(X86, "fcntl", 1, 3, 1)).isEqualTo("CLOEXEC"); // F_GETFD is not inverted
    assertThat(ret(X86, "fcntl", 0x8002, 3, 3)).isEqualTo("RDWR|LARGEFILE"); // F_GETFL
    assertThat(args(X86, "fcntl", 3, 0, 10)).isEqualTo("fd: 3</etc/passwd>, cmd: DUPFD, arg: 10");
  }

  @Test
  void mmapHidesFdAndOffsetForAnonymousMappings() {
    assertThat(args(X86, "mmap", 0, 4096, 3, 0x22, -1, 0))
        .isEqualTo("len: 4096, prot: READ|WRITE, flags: PRIVATE|ANONYMOUS");
    assertThat(args(X86, "mmap", 0, 4096, 1, 2, 3, 0x1000))
        .isEqualTo("len: 4096, prot: READ, flags: PRIVATE, fd: 3</etc/passwd>, off: 0x1000");
    assertThat(args(X86, "mprotect", 0x7f0000000000L, 4096, 0))
        .isEqualTo("start: 0x7f0000000000, len: 4096, prot: NONE");
  }

  @Test
  void futexHidesWhatTheOpIgnores() {
    assertThat(args(X86, "futex", 0x7fb9280039d0L, 9 | 128 | 256, 0, 0, 0, 0xffffffffL))
        .isEqualTo("uaddr: 0x7fb9280039d0, op: WAIT_BITSET|PRIV|CLKRT, val3: MATCH_ANY");
    assertThat(args(X86, "futex", 0x1000, 1 | 128, 1, 0x55, 0x66, 7))
        .isEqualTo("uaddr: 0x1000, op: WAKE|PRIV, val: 1");
  }

  @Test
  void accessModeAndCloneAndSocket() {
    assertThat(args(X86, "access", 0x1000, 6)).isEqualTo("filename: 0x1000, mode: R|W");
    assertThat(args(X86, "access", 0x1000, 0)).isEqualTo("filename: 0x1000, mode: F");
    assertThat(args(X86, "clone", 0x01200011L, 0, 0, 0x7f00, 0))
        .isEqualTo("clone_flags: CHILD_CLEARTID|CHILD_SETTID|CHLD, child_tidptr: 0x7f00");
    assertThat(args(X86, "socket", 2, 1 | 0x80000, 6))
        .isEqualTo("family: INET, type: STREAM|CLOEXEC, protocol: TCP");
  }

  @Test
  void unknownFlagBitsPrintAsARemainderAndPointersAreNotTruncated() {
    assertThat(args(X86, "openat", AT_FDCWD, 0x7ffd12345678L, 0x80000000L | 0x80000, 0))
        .endsWith("flags: RDONLY|CLOEXEC|0x80000000");
    assertThat(args(X86, "munmap", 0x7fffdeadbeef000L, 4096))
        .isEqualTo("addr: 0x7fffdeadbeef000, len: 4096");
  }

  @Test
  void ioctlByTypeOrDecoded() {
    assertThat(args(X86, "ioctl", 1, 0x5401, 0x7ffd0000L))
        .isEqualTo("fd: 1, cmd: TCGETS, arg: 0x7ffd0000");
    // By the tables' own ioctl type and direction: perf's $, KVM's 0xAE, vhost's 0xAF read and
    // write tables.
    assertThat(args(X86, "ioctl", 3, 0x2400, 0)).isEqualTo("fd: 3</etc/passwd>, cmd: PERF_ENABLE");
    assertThat(args(X86, "ioctl", 3, 0xAE01, 0))
        .isEqualTo("fd: 3</etc/passwd>, cmd: KVM_CREATE_VM");
    assertThat(args(X86, "ioctl", 3, 0x8008AF00L, 0))
        .isEqualTo("fd: 3</etc/passwd>, cmd: VHOST_GET_FEATURES");
    assertThat(args(X86, "ioctl", 3, 0x4008AF00L, 0))
        .isEqualTo("fd: 3</etc/passwd>, cmd: VHOST_SET_FEATURES");
    assertThat(args(X86, "ioctl", 1, 0xc0186201L, 0))
        .isEqualTo("fd: 1, cmd: (READ|WRITE, 0x62, 0x1, 0x18)");
    // The same word is a write on x86 (_IOC_WRITE 1 << 30) and a read on powerpc (_IOC_READ 2 <<
    // 29).
    assertThat(args(X86, "ioctl", 1, 0x40186201L, 0))
        .isEqualTo("fd: 1, cmd: (WRITE, 0x62, 0x1, 0x18)");
    SyscallBeautifier ppc = SyscallBeautifier.forArch(Arch.POWERPC64);
    assertThat(args(ppc, "ioctl", 1, 0x40186201L, 0))
        .isEqualTo("fd: 1, cmd: (READ, 0x62, 0x1, 0x18)");
  }

  @Test
  void seccompFsmountAndUmountFlags() {
    assertThat(args(X86, "seccomp", 1, 3, 0x7f00))
        .isEqualTo("op: SET_MODE_FILTER, flags: TSYNC|LOG, uargs: 0x7f00");
    assertThat(args(X86, "fsmount", 3, 1, 0)).isEqualTo("fs_fd: 3</etc/passwd>, flags: CLOEXEC");
    assertThat(args(X86, "umount2", 0x1000, 2)).isEqualTo("name: 0x1000, flags: 0x2");
  }

  @Test
  void kcmpIndexesAreFdsOnlyForTheTypesThatCompareFds() {
    assertThat(args(X86, "kcmp", 42, 42, 0, 3, 4))
        .isEqualTo("pid1: 42 (sshd), pid2: 42 (sshd), type: FILE, idx1: 3</etc/passwd>, idx2: 4");
    assertThat(args(X86, "kcmp", 42, 42, 1, 3, 4))
        .isEqualTo("pid1: 42 (sshd), pid2: 42 (sshd), type: VM");
  }

  @Test
  void errnoNamesPerFamily() {
    assertThat(X86.errnoName(11)).isEqualTo("EAGAIN");
    assertThat(SyscallBeautifier.forArch(Arch.MIPS64).errnoName(35)).isNotEqualTo("EAGAIN");
    assertThat(SyscallBeautifier.forArch(Arch.MIPS64).errnoName(11)).isEqualTo("EAGAIN");
    assertThat(X86.errnoDescription(2)).isEqualTo("No such file or directory");
  }

  @Test
  void errnoTextsAreTheCLibrarysStrerror() {
    assertThat(ret(X86, "close", -9)).isEqualTo("-1 EBADF (Bad file descriptor)");
    assertThat(ret(X86, "ioctl", -25)).isEqualTo("-1 ENOTTY (Inappropriate ioctl for device)");
    // By name: mips numbers ENOMSG 35 (42 on the host), and the host's text for ENOMSG prints.
    SyscallBeautifier mips = SyscallBeautifier.forArch(Arch.MIPS64);
    assertThat(mips.errnoName(35)).isEqualTo("ENOMSG");
    assertThat(mips.errnoDescription(35)).isEqualTo("No message of desired type");
    // An errno no table names has no text, asked once or twice.
    assertThat(X86.errnoDescription(4000)).isNull();
    assertThat(X86.errnoDescription(4000)).isNull();
  }

  @Test
  void socketOptionsAreNamedByTheirLevel() {
    assertThat(args(X86, "setsockopt", 3, 1, 2, 0x7ffd0000L, 4))
        .isEqualTo(
            "fd: 3</etc/passwd>, level: SOCKET, optname: REUSEADDR, optval: 0x7ffd0000, optlen: 4");
    assertThat(args(X86, "setsockopt", 5, 6, 1, 0x7ffd0000L, 4))
        .isEqualTo("fd: 5, level: TCP, optname: NODELAY, optval: 0x7ffd0000, optlen: 4");
    assertThat(args(X86, "getsockopt", 5, 0, 1, 0x1000, 0x2000))
        .isEqualTo("fd: 5, level: IP, optname: TOS, optval: 0x1000, optlen: 0x2000");
    assertThat(args(X86, "setsockopt", 5, 41, 26, 0x1000, 4))
        .isEqualTo("fd: 5, level: IPV6, optname: V6ONLY, optval: 0x1000, optlen: 4");
    assertThat(args(X86, "setsockopt", 5, 1, 20, 0x1000, 16)).contains("optname: RCVTIMEO,");
    assertThat(args(X86, "setsockopt", 5, 17, 1, 0x1000, 4)).contains("level: UDP, optname: 1,");
  }

  @Test
  void fdCreatingCallsNameTheirFlags() {
    assertThat(args(X86, "accept4", 3, 0, 0, 0x80800))
        .isEqualTo("fd: 3</etc/passwd>, flags: NONBLOCK|CLOEXEC");
    assertThat(args(X86, "epoll_create1", 0x80000)).isEqualTo("flags: CLOEXEC");
    assertThat(args(X86, "timerfd_create", 1, 0x80800))
        .isEqualTo("clockid: MONOTONIC, flags: NONBLOCK|CLOEXEC");
    assertThat(args(X86, "memfd_create", 0x1000, 3))
        .isEqualTo("uname: 0x1000, flags: CLOEXEC|ALLOW_SEALING");
    assertThat(args(X86, "dup3", 3, 10, 0x80000))
        .isEqualTo("oldfd: 3</etc/passwd>, newfd: 10, flags: CLOEXEC");
    assertThat(args(X86, "inotify_init1", 0x800)).isEqualTo("flags: NONBLOCK");
    assertThat(args(X86, "signalfd4", 3, 0x1000, 8, 0x80000))
        .isEqualTo("ufd: 3</etc/passwd>, user_mask: 0x1000, sizemask: 8, flags: CLOEXEC");
    assertThat(args(X86, "close_range", 3, 0xffffffffL, 4))
        .isEqualTo("fd: 3</etc/passwd>, max_fd: 4294967295, flags: CLOEXEC");
  }

  @Test
  void dupCopyFileRangeAndSpliceShowTheirFds() {
    assertThat(args(X86, "dup", 3)).isEqualTo("fildes: 3</etc/passwd>");
    assertThat(args(X86, "copy_file_range", 3, 0, 4, 0, 100, 0))
        .isEqualTo("fd_in: 3</etc/passwd>, fd_out: 4, len: 100");
    assertThat(args(X86, "splice", 4, 0, 3, 0, 100, 0))
        .isEqualTo("fd_in: 4, fd_out: 3</etc/passwd>, len: 100");
  }

  @Test
  void mmapTypeIsAValueBesideTheFlagBits() {
    assertThat(args(X86, "mmap", 0, 4096, 3, 0x80003, 3, 0))
        .isEqualTo("len: 4096, prot: READ|WRITE, flags: SHARED_VALIDATE|SYNC, fd: 3</etc/passwd>");
    assertThat(args(X86, "mmap", 0, 4096, 1, 1, 3, 0))
        .isEqualTo("len: 4096, prot: READ, flags: SHARED, fd: 3</etc/passwd>");
  }

  @Test
  void kcmpIndexesAreFdsOfTheNamedProcesses() {
    BeautyContext other =
        new BeautyContext() {
          @Override
          public String namedProcessFdPath(int pid, int fd) {
            return pid == 1 && fd == 253 ? "socket:[7330361]" : null;
          }
        };
    StringBuilder out = new StringBuilder();
    X86.appendArgs(
        out, 42, X86.number("kcmp"), new long[] {1, 1, 0, 253, 254, 0}, CapturedMemory.NONE, other);
    assertThat(out.toString())
        .isEqualTo("pid1: 1, pid2: 1, type: FILE, idx1: 253<socket:[7330361]>, idx2: 254");
  }

  @Test
  void prctlShowsOnlyTheArgumentsItsOptionReads() {
    assertThat(args(X86, "prctl", 3, 0x7f00, 0x55, 0x66, 0x77)).isEqualTo("option: GET_DUMPABLE");
    assertThat(args(X86, "prctl", 1, 15, 0x55, 0x66, 0x77))
        .isEqualTo("option: SET_PDEATHSIG, arg2: TERM");
    assertThat(args(X86, "prctl", 4, 1, 0x55)).isEqualTo("option: SET_DUMPABLE, arg2: 1");
    StringBuilder out = new StringBuilder();
    X86.appendArgs(
        out,
        42,
        X86.number("prctl"),
        new long[] {15, 0x7efce67eb868L, 0x1, 0, 0, 0},
        i -> i == 1 ? "worker-1" : null,
        CONTEXT);
    assertThat(out.toString()).isEqualTo("option: SET_NAME, arg2: \"worker-1\"");
    assertThat(args(X86, "prctl", 15, 0x7efce67eb868L))
        .isEqualTo("option: SET_NAME, arg2: 0x7efce67eb868");
  }

  @Test
  void stringsAndFdPathsEscapeControlAndNonAsciiBytesAsStraceDoes() {
    // A byte string: one char per byte, here "a\nb\xff\tc\x01\"q\\z" and UTF-8 é.
    String name = "/tmp/a\nb\u00ff\tc\u0001\"q\\z\u00c3\u00a9";
    StringBuilder out = new StringBuilder();
    X86.appendArgs(
        out,
        42,
        257,
        new long[] {AT_FDCWD, 0x1000, 0, 0, 0, 0},
        i -> i == 1 ? name : null,
        CONTEXT);
    assertThat(out.toString())
        .isEqualTo(
            "dfd: CWD, filename: \"/tmp/a\\nb\\377\\tc\\1\\\"q\\\\z\\303\\251\", flags: RDONLY");
    BeautyContext odd =
        new BeautyContext() {
          @Override
          public String fdPath(int pid, int fd) {
            return "/tmp/x\n\u00017";
          }
        };
    StringBuilder read = new StringBuilder();
    X86.appendArgs(
        read, 42, X86.number("read"), new long[] {3, 0x1000, 1, 0, 0, 0}, CapturedMemory.NONE, odd);
    // \0017: three digits when an octal digit follows, as strace writes it.
    assertThat(read.toString()).isEqualTo("fd: 3</tmp/x\\n\\0017>, buf: 0x1000, count: 1");
  }
}
