package dev.jtrace.beauty.content;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.BeautyContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes byte images of real structs: a C program compiled with gcc over the kernel's own headers
 * fills each with known values and prints its bytes; the renderer, by the generated x86_64 layouts
 * and the x86_64 copies, must print what strace would.
 */
class ContentRendererTest {
  private static final String PROGRAM =
      LayoutsAgainstGccTest.HEADERS
          + """
          #include <stdio.h>
          #include <string.h>
          static void dump(const char *name, const void *p, size_t n) {
            const unsigned char *b = p;
            printf("%s ", name);
            for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
            printf("\\n");
          }
          #define DUMP(name, v) dump(name, &(v), sizeof(v))
          /* The address families live in libc's and the kernel-internal socket.h. */
          enum { AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10 };
          int main(void) {
            struct stat st; memset(&st, 0, sizeof st);
            st.st_mode = S_IFREG | 0644; st.st_size = 1234; st.st_nlink = 1; DUMP("stat", st);
            struct sockaddr_in in; memset(&in, 0, sizeof in);
            in.sin_family = AF_INET; in.sin_port = __builtin_bswap16(80);
            in.sin_addr.s_addr = __builtin_bswap32(0x01020304); DUMP("sockaddr_in", in);
            struct sockaddr_in6 in6; memset(&in6, 0, sizeof in6);
            in6.sin6_family = AF_INET6; in6.sin6_port = __builtin_bswap16(443);
            in6.sin6_addr.s6_addr[15] = 1; DUMP("sockaddr_in6", in6);
            struct sockaddr_un un; memset(&un, 0, sizeof un);
            un.sun_family = AF_UNIX; strcpy(un.sun_path, "/tmp/x");
            dump("sockaddr_un", &un, offsetof(struct sockaddr_un, sun_path) + 7);
            struct pollfd fds[2] = {{3, POLLIN, 0}, {4, POLLOUT, POLLOUT}}; DUMP("pollfd", fds);
            struct sigaction sa; memset(&sa, 0, sizeof sa);
            sa.sa_handler = (__sighandler_t) 0x1234; sa.sa_flags = SA_RESTORER | SA_RESTART;
            sa.sa_restorer = (__sigrestore_t) 0x5678;
            sa.sa_mask = (1UL << (SIGINT - 1)) | (1UL << (SIGTERM - 1)); DUMP("sigaction", sa);
            struct __kernel_timespec ts = {1, 0}; DUMP("timespec", ts);
            struct rlimit rl = {8388608, RLIM_INFINITY}; DUMP("rlimit", rl);
            struct new_utsname u; memset(&u, 0, sizeof u);
            strcpy(u.sysname, "Linux"); strcpy(u.nodename, "host"); DUMP("utsname", u);
            struct statx sx; memset(&sx, 0, sizeof sx);
            sx.stx_mask = STATX_TYPE | STATX_MODE | STATX_SIZE; sx.stx_mode = S_IFDIR | 0755;
            sx.stx_size = 4096; DUMP("statx", sx);
            struct epoll_event ev = {EPOLLIN | EPOLLET, 7}; DUMP("epoll_event", ev);
            struct open_how how = {O_CREAT | O_CLOEXEC, 0600, 0}; DUMP("open_how", how);
            int status = 3 << 8; DUMP("wait_exited", status);
            status = 9 | 0x80; DUMP("wait_killed", status);
            int pipefd[2] = {4, 5}; DUMP("pipe", pipefd);
            unsigned long mask = (1UL << (SIGINT - 1)) | (1UL << (SIGTERM - 1)); DUMP("sigset", mask);
            struct iovec iov = {0, 5}; DUMP("iovec", iov);
            siginfo_t si; memset(&si, 0, sizeof si);
            si.si_signo = SIGCHLD; si.si_code = CLD_EXITED; si.si_pid = 42; si.si_uid = 1000;
            si.si_status = 3; si.si_utime = 5; si.si_stime = 6; DUMP("siginfo_chld", si);
            memset(&si, 0, sizeof si);
            si.si_signo = SIGUSR1; si.si_code = SI_QUEUE; si.si_pid = 7; si.si_uid = 0;
            si.si_int = 42; DUMP("siginfo_queue", si);
            memset(&si, 0, sizeof si);
            si.si_signo = SIGSEGV; si.si_code = SEGV_MAPERR; si.si_addr = (void *) 0x1000;
            DUMP("siginfo_segv", si);
            memset(&si, 0, sizeof si);
            si.si_signo = SIGUSR2; si.si_code = SI_TKILL; si.si_pid = 9; si.si_uid = 1;
            DUMP("siginfo_tkill", si);
            struct termios2 t2; memset(&t2, 0, sizeof t2);
            t2.c_iflag = ICRNL | IXON | 0x40000000; t2.c_oflag = OPOST | ONLCR | CR2 | TAB3;
            t2.c_cflag = B115200 | CS7 | CREAD | PARENB | (B9600 << IBSHIFT);
            t2.c_lflag = ISIG | ICANON; t2.c_ispeed = 9600; t2.c_ospeed = 115200;
            DUMP("termios2", t2);
            struct winsize ws = {24, 80, 640, 480}; DUMP("winsize", ws);
            return 0;
          }
          """;

  private static Map<String, byte[]> images;
  private static final ContentRenderer RENDERER = new ContentRenderer(Arch.X86_64, 32);

  @TempDir static Path work;

  @BeforeAll
  static void runTheProgram() throws IOException {
    KernelHeadersCompiler gcc = new KernelHeadersCompiler(work);
    KernelHeadersCompiler.Run built = gcc.compile("fill", PROGRAM, true, "-m64");
    assertWithMessage(built.output()).that(built.exitCode()).isEqualTo(0);
    KernelHeadersCompiler.Run ran = gcc.runProgram("fill");
    assertWithMessage(ran.output()).that(ran.exitCode()).isEqualTo(0);
    images = new HashMap<>();
    for (String line : ran.output().split("\n")) {
      String[] parts = line.split(" ");
      images.put(parts[0], HexFormat.of().parseHex(parts[1]));
    }
  }

  private static ContentSpec spec(String syscall, int index) {
    List<ContentSpec> specs = SyscallContents.of(Arch.X86_64, syscall);
    assertWithMessage(syscall + " copies").that(specs.size()).isGreaterThan(index);
    return specs.get(index);
  }

  private static String text(ContentSpec spec, String image) {
    return text(spec, Copied.ok(spec, images.get(image)));
  }

  private static String text(ContentSpec spec, CapturedContent c) {
    StringBuilder sb = new StringBuilder();
    RENDERER.appendText(sb, 0x7ffc1000L, List.of(c), 1, BeautyContext.NONE);
    return sb.toString();
  }

  private static String json(ContentSpec spec, String image) {
    StringBuilder sb = new StringBuilder();
    RENDERER.writeJson(
        new JsonText(sb),
        0x7ffc1000L,
        List.of(Copied.ok(spec, images.get(image))),
        1,
        BeautyContext.NONE);
    return sb.toString();
  }

  @Test
  void siginfoByCodeWithTheUnionMemberItSelects() {
    ContentSpec waitid = spec("waitid", 0);
    assertThat(text(waitid, "siginfo_chld"))
        .isEqualTo(
            "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=42, si_uid=1000, si_status=3,"
                + " si_utime=5, si_stime=6}");
    assertThat(json(waitid, "siginfo_chld"))
        .isEqualTo(
            "{\"si_signo\":17,\"si_code\":1,\"si_pid\":42,\"si_uid\":1000,\"si_status\":3,"
                + "\"si_utime\":5,\"si_stime\":6}");
    ContentSpec queue = spec("rt_sigqueueinfo", 0);
    assertThat(text(queue, "siginfo_queue"))
        .isEqualTo(
            "{si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=0, si_int=42, si_ptr=0x2a}");
    ContentSpec timedwait = spec("rt_sigtimedwait", 1);
    assertThat(timedwait.phase()).isEqualTo(CapturePhase.EXIT);
    assertThat(text(timedwait, "siginfo_segv"))
        .isEqualTo("{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000}");
    assertThat(text(timedwait, "siginfo_tkill"))
        .isEqualTo("{si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=9, si_uid=1}");
  }

  @Test
  void statAsStraceAbbreviatesIt() {
    ContentSpec fstat = spec("fstat", 0);
    assertThat(text(fstat, "stat")).isEqualTo("{st_mode=S_IFREG|0644, st_size=1234, ...}");
    assertThat(json(fstat, "stat")).contains("\"st_mode\":33188,");
    assertThat(json(fstat, "stat")).contains("\"st_nlink\":1,");
    assertThat(json(fstat, "stat")).contains("\"st_size\":1234,");
  }

  @Test
  void socketAddressesByFamily() {
    ContentSpec connect = spec("connect", 0);
    assertThat(text(connect, "sockaddr_in"))
        .isEqualTo("{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"1.2.3.4\")}");
    assertThat(json(connect, "sockaddr_in"))
        .isEqualTo("{\"sa_family\":2,\"sin_port\":80,\"sin_addr\":\"1.2.3.4\"}");
    assertThat(text(connect, "sockaddr_in6"))
        .isEqualTo(
            "{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0),"
                + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}");
    assertThat(text(connect, "sockaddr_un")).isEqualTo("{sa_family=AF_UNIX, sun_path=\"/tmp/x\"}");
  }

  @Test
  void pollfdsShowEventsAtEntryAndReventsAtExit() {
    assertThat(text(spec("poll", 0), "pollfd"))
        .isEqualTo("[{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}]");
    assertThat(text(spec("poll", 1), "pollfd")).isEqualTo("[{fd=4, revents=POLLOUT}]");
    assertThat(json(spec("poll", 0), "pollfd"))
        .isEqualTo("[{\"fd\":3,\"events\":[\"POLLIN\"]},{\"fd\":4,\"events\":[\"POLLOUT\"]}]");
  }

  @Test
  void sigactionWithFlagsByTableAndMaskBySignalName() {
    assertThat(text(spec("rt_sigaction", 0), "sigaction"))
        .isEqualTo(
            "{sa_handler=0x1234, sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x5678,"
                + " sa_mask=[SIGINT SIGTERM]}");
    assertThat(json(spec("rt_sigaction", 0), "sigaction"))
        .contains("\"sa_flags\":[\"SA_RESTORER\",\"SA_RESTART\"]");
    assertThat(text(spec("rt_sigprocmask", 0), "sigset")).isEqualTo("[SIGINT SIGTERM]");
  }

  /**
   * termios' words as strace spells them: each multi-bit field by its value's name (a tab delay,
   * the speeds, the character size, the input speed shifted), then the bits, unknown ones in hex.
   */
  @Test
  void termiosWordsByFieldAndBit() {
    ContentSpec termios2 = ioctlSpec("termios2");
    assertThat(text(termios2, "termios2"))
        .isEqualTo(
            "{c_iflag=ICRNL|IXON|0x40000000, c_oflag=NL0|CR2|TAB3|BS0|VT0|FF0|OPOST|ONLCR,"
                + " c_cflag=B115200|CS7|B9600<<IBSHIFT|CREAD|PARENB, c_lflag=ISIG|ICANON, ...}");
    assertThat(json(termios2, "termios2"))
        .contains("\"c_cflag\":[\"B115200\",\"CS7\",\"B9600<<IBSHIFT\",\"CREAD\",\"PARENB\"]");
    assertThat(json(termios2, "termios2")).contains("\"c_ispeed\":9600,\"c_ospeed\":115200");
    assertThat(text(ioctlSpec("winsize"), "winsize"))
        .isEqualTo("{ws_row=24, ws_col=80, ws_xpixel=640, ws_ypixel=480}");
  }

  /** getdents64's records as strace counts them, each in JSON; a copy cut inside an entry. */
  @Test
  void directoryEntriesCountedInTextListedInJson() {
    ContentSpec dirent = spec("getdents64", 0);
    ByteBuffer b = ByteBuffer.allocate(24 + 32).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(2).putLong(1).putShort((short) 24).put((byte) 4).put(".\0\0\0\0".getBytes());
    b.putLong(12).putLong(2).putShort((short) 32).put((byte) 8);
    b.put("known.txt\0\0\0\0".getBytes());
    byte[] two = b.array();
    assertThat(text(dirent, Copied.ok(dirent, two))).isEqualTo("0x7ffc1000 /* 2 entries */");
    StringBuilder json = new StringBuilder();
    RENDERER.writeJson(
        new JsonText(json), 0x7ffc1000L, List.of(Copied.ok(dirent, two)), 1, BeautyContext.NONE);
    assertThat(json.toString())
        .isEqualTo(
            "[{\"d_ino\":2,\"d_off\":1,\"d_reclen\":24,\"d_type\":4,\"d_name\":\".\"},"
                + "{\"d_ino\":12,\"d_off\":2,\"d_reclen\":32,\"d_type\":8,"
                + "\"d_name\":\"known.txt\"}]");
    byte[] cut = java.util.Arrays.copyOf(two, 40); // the second entry only begun
    assertThat(text(dirent, Copied.ok(dirent, cut))).isEqualTo("0x7ffc1000 /* at least 1 entry */");
  }

  /** ioctl's first copy of a struct (TCGETS2's termios2, TIOCGWINSZ's winsize). */
  private static ContentSpec ioctlSpec(String type) {
    return SyscallContents.of(Arch.X86_64, "ioctl").stream()
        .filter(s -> type.equals(s.type()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ioctl copies no " + type));
  }

  /** i386's rt_sigaction: the kernel's struct (words of 4 bytes, a 64-signal mask). */
  @Test
  void i386RtSigactionIsTheKernelsStruct() {
    ContentSpec act = SyscallContents.of(Arch.I386, "rt_sigaction").get(0);
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1).putInt(0x10000000).putInt(0).putLong(1L << 14); // SIG_IGN, SA_RESTART, SIGTERM
    StringBuilder sb = new StringBuilder();
    new ContentRenderer(Arch.I386, 32)
        .appendText(sb, 0x1000, List.of(Copied.ok(act, b.array())), 1, BeautyContext.NONE);
    assertThat(sb.toString())
        .isEqualTo(
            "{sa_handler=SIG_IGN, sa_flags=SA_RESTART, sa_restorer=NULL, sa_mask=[SIGTERM]}");
  }

  @Test
  void timesLimitsNamesAndIds() {
    assertThat(text(spec("clock_gettime", 0), "timespec")).isEqualTo("{tv_sec=1, tv_nsec=0}");
    assertThat(text(spec("getrlimit", 0), "rlimit"))
        .isEqualTo("{rlim_cur=8388608, rlim_max=RLIM_INFINITY}");
    assertThat(text(spec("uname", 0), "utsname"))
        .isEqualTo("{sysname=\"Linux\", nodename=\"host\", ...}");
    assertThat(json(spec("uname", 0), "utsname")).contains("\"release\":\"\"");
    assertThat(text(spec("statx", 1), "statx"))
        .isEqualTo(
            "{stx_mask=STATX_TYPE|STATX_MODE|STATX_SIZE, stx_attributes=0, stx_mode=S_IFDIR|0755,"
                + " stx_size=4096, ...}");
    assertThat(text(spec("epoll_ctl", 0), "epoll_event"))
        .isEqualTo("{events=EPOLLIN|EPOLLET, data=7}");
    assertThat(text(spec("openat2", 1), "open_how"))
        .isEqualTo("{flags=O_CREAT|O_CLOEXEC, mode=0600, resolve=0}");
  }

  @Test
  void waitStatusAndPipeFds() {
    assertThat(text(spec("wait4", 0), "wait_exited"))
        .isEqualTo("[{WIFEXITED(s) && WEXITSTATUS(s) == 3}]");
    assertThat(text(spec("wait4", 0), "wait_killed"))
        .isEqualTo("[{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL && WCOREDUMP(s)}]");
    assertThat(text(spec("pipe2", 0), "pipe")).isEqualTo("[4, 5]");
    assertThat(RENDERER.fds(Copied.ok(spec("pipe2", 0), images.get("pipe"))))
        .asList()
        .containsExactly(4, 5)
        .inOrder();
  }

  @Test
  void aMsghdrShowsWhatItPointsAtInPlaceOfThePointers() {
    ByteBuffer msghdr = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    msghdr.putLong(16, 0x1000).putLong(24, 1).putLong(32, 0x2000).putLong(40, 56);
    ByteBuffer control = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
    control.putLong(0, 24).putInt(8, 1).putInt(12, 1).putInt(16, 7).putInt(20, 8); // SCM_RIGHTS
    control.putLong(24, 28).putInt(32, 1).putInt(36, 2).putInt(40, 10); // SCM_CREDENTIALS
    List<CapturedContent> parts =
        List.of(
            Copied.ok(spec("sendmsg", 0), msghdr.array()),
            Copied.ok(spec("sendmsg", 2), "hi".getBytes(StandardCharsets.ISO_8859_1)),
            Copied.ok(spec("sendmsg", 3), control.array()));
    assertThat(spec("sendmsg", 2).through().name()).isEqualTo("msg_iov");
    StringBuilder sb = new StringBuilder();
    RENDERER.appendText(sb, 0x7ffc1000L, parts, 1, BeautyContext.NONE);
    assertThat(sb.toString())
        .isEqualTo(
            "{msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"hi\", iov_len=2}], msg_iovlen=1,"
                + " msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,"
                + " cmsg_data=[7, 8]}, {cmsg_len=28, cmsg_level=SOL_SOCKET,"
                + " cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=10, uid=0, gid=0}}],"
                + " msg_controllen=56, msg_flags=0}");
    // the fds a recvmsg got, for the fd table: SCM_RIGHTS's only
    assertThat(RENDERER.receivedFds(parts.get(2))).asList().containsExactly(7, 8).inOrder();
    assertThat(RENDERER.receivedFds(parts.get(1))).isEmpty();
    // without the struct's own copy, what it points at is not shown as the argument
    StringBuilder alone = new StringBuilder();
    RENDERER.appendText(alone, 0x7ffc1000L, parts.subList(1, 3), 1, BeautyContext.NONE);
    assertThat(alone.toString()).isEqualTo("0x7ffc1000");
  }

  @Test
  void buffersAreEscapedAndCutAtTheStringLimit() {
    ContentSpec write = spec("write", 0);
    byte[] hello = "hello\n\0\377".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(text(write, Copied.ok(write, hello))).isEqualTo("\"hello\\n\\0\\377\"");
    byte[] big = "a".repeat(40).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(text(write, Copied.ok(write, big))).isEqualTo("\"" + "a".repeat(32) + "\"...");
    StringBuilder json = new StringBuilder();
    RENDERER.writeJson(
        new JsonText(json), 1, List.of(Copied.ok(write, hello)), 1, BeautyContext.NONE);
    assertThat(json.toString()).isEqualTo("\"hello\\n\\u0000\\u00ff\"");
  }

  @Test
  void unreadableAndLostMemoryPrintTheAddressMarked() {
    ContentSpec fstat = spec("fstat", 0);
    assertThat(text(fstat, Copied.failed(fstat, CapturedContent.Status.FAULT)))
        .isEqualTo("0x7ffc1000 (unreadable)");
    assertThat(text(fstat, Copied.failed(fstat, CapturedContent.Status.LOST)))
        .isEqualTo("0x7ffc1000 (lost)");
    StringBuilder json = new StringBuilder();
    RENDERER.writeJson(
        new JsonText(json),
        0x10,
        List.of(Copied.failed(fstat, CapturedContent.Status.FAULT)),
        1,
        BeautyContext.NONE);
    assertThat(json.toString()).isEqualTo("{\"address\":16,\"unreadable\":true}");
    StringBuilder nul = new StringBuilder();
    RENDERER.appendText(nul, 0, List.of(), 1, BeautyContext.NONE);
    assertThat(nul.toString()).isEqualTo("NULL");
  }

  @Test
  void argvAndEnvp() {
    ContentSpec argv = spec("execve", 1);
    ContentSpec envp = spec("execve", 2);
    StringBuilder sb = new StringBuilder();
    RENDERER.appendText(
        sb,
        0x1000,
        List.of(
            Copied.ok(argv, "ls".getBytes(StandardCharsets.ISO_8859_1)),
            Copied.ok(argv, "-l".getBytes(StandardCharsets.ISO_8859_1))),
        1,
        BeautyContext.NONE);
    sb.append(", ");
    RENDERER.appendText(
        sb,
        0x2000,
        List.of(Copied.ok(envp, new byte[0]), Copied.ok(envp, new byte[0])),
        1,
        BeautyContext.NONE);
    assertThat(sb.toString()).isEqualTo("[\"ls\", \"-l\"], 0x2000 /* 2 vars */");
  }
}
