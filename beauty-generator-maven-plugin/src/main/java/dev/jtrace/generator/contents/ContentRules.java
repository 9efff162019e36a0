package dev.jtrace.generator.contents;

import dev.jtrace.beauty.content.CapturePhase;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentLength;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The copies the tracefs types cannot say: which argument is a buffer's length, whether it is read
 * at entry (what the caller passes) or at exit (what the kernel wrote), socklen_t pointees, fixed
 * arrays. Keyed by the names of the snapshot's {@code syscalls/sys_enter_*} formats and their
 * fields ({@code ContentRulesTest} checks every name against the committed snapshot). An argument
 * with a rule gets only the rule's copies; every other argument gets what its type says ({@link
 * ContentModel}).
 */
public final class ContentRules {
  /**
   * One copy of one argument.
   *
   * @param arg the argument's field name
   * @param kind the shape, or null for "no copy" (an argument whose meaning depends on another)
   * @param type the ContentSpec type: a struct tag, a renderer word, or null for bytes
   * @param elementSize bytes per element, or 0 for the size of the struct {@code type}
   * @param lengthArg the field name of the length argument, or null
   * @param fixedCount for {@link ContentLength#FIXED}: the element count
   * @param selectorArg the field name of the selector argument, or null
   * @param selector a macro name the selector argument must equal ({@code TCGETS}), or null
   * @param container for memory a member points at: the struct tag the argument points at ({@code
   *     user_msghdr}); else null
   * @param through that pointer member's name ({@code msg_iov}), or null
   * @param lengthMember for {@link ContentLength#MEMBER}: the member holding the count, or null
   * @param element for memory an element of a struct array points at: the element's index (the
   *     members are that element's; a dotted name reaches into a nested struct, {@code
   *     msg_hdr.msg_iov}); else -1
   * @param elementCount the argument counting that array, or null: the return value
   * @param bytesMember an iovec array's bound at exit (recvmmsg's {@code msg_len}), or null
   */
  public record Copy(
      String arg,
      ContentKind kind,
      CapturePhase phase,
      String type,
      int elementSize,
      ContentLength length,
      String lengthArg,
      int fixedCount,
      String selectorArg,
      String selector,
      String container,
      String through,
      String lengthMember,
      int element,
      String elementCount,
      String bytesMember) {
    Copy typed(String t) {
      return new Rule(this).type(t).build();
    }
  }

  /** Builds a {@link Copy}: the rules below read as sentences. */
  private static final class Rule {
    private final String arg;
    private final ContentKind kind;
    private CapturePhase phase;
    private String type;
    private final int elementSize;
    private ContentLength length = ContentLength.FIXED;
    private String lengthArg;
    private int fixedCount = 1;
    private String selectorArg;
    private String selector;
    private String container;
    private String through;
    private String lengthMember;
    private int element = -1;
    private String elementCount;
    private String bytesMember;

    Rule(String arg, ContentKind kind, CapturePhase phase, String type, int elementSize) {
      this.arg = arg;
      this.kind = kind;
      this.phase = phase;
      this.type = type;
      this.elementSize = elementSize;
    }

    Rule(Copy c) {
      this(c.arg(), c.kind(), c.phase(), c.type(), c.elementSize());
      length = c.length();
      lengthArg = c.lengthArg();
      fixedCount = c.fixedCount();
      selectorArg = c.selectorArg();
      selector = c.selector();
      container = c.container();
      through = c.through();
      lengthMember = c.lengthMember();
      element = c.element();
      elementCount = c.elementCount();
      bytesMember = c.bytesMember();
    }

    /** Through element {@code index} of the {@code struct} array, counted by {@code count}. */
    Rule element(String struct, int index, String count) {
      container = struct;
      element = index;
      elementCount = count;
      return this;
    }

    Rule bytesFromMember(String member) {
      bytesMember = member;
      return this;
    }

    Rule through(String struct, String member) {
      container = struct;
      through = member;
      return this;
    }

    /** Through a pointer member of the container {@link #element} named. */
    Rule through(String member) {
      through = member;
      return this;
    }

    Rule lengthFromMember(String member) {
      length = ContentLength.MEMBER;
      lengthMember = member;
      return this;
    }

    Rule type(String t) {
      type = t;
      return this;
    }

    Rule lengthFrom(String name) {
      length = ContentLength.ARG;
      lengthArg = name;
      return this;
    }

    Rule lengthAt(String name) {
      length = ContentLength.ARG_POINTEE;
      lengthArg = name;
      return this;
    }

    Rule lengthFromReturn() {
      length = ContentLength.RETURN;
      phase = CapturePhase.EXIT;
      return this;
    }

    Rule count(int n) {
      fixedCount = n;
      return this;
    }

    Rule when(String argName, String macro) {
      selectorArg = argName;
      selector = macro;
      return this;
    }

    Copy build() {
      return new Copy(
          arg,
          kind,
          phase,
          type,
          elementSize,
          length,
          lengthArg,
          fixedCount,
          selectorArg,
          selector,
          container,
          through,
          lengthMember,
          element,
          elementCount,
          bytesMember);
    }
  }

  private static final Map<String, List<Copy>> RULES = new HashMap<>();

  /** sendmmsg's and recvmmsg's messages whose msghdrs are followed (each its own copies). */
  static final int MMSG_SHOWN = 2;

  private ContentRules() {}

  private static Rule copy(
      String arg, ContentKind kind, CapturePhase phase, String type, int size) {
    return new Rule(arg, kind, phase, type, size);
  }

  /** Bytes the caller passes in. */
  private static Rule in(String arg) {
    return copy(arg, ContentKind.BYTES, CapturePhase.ENTER, null, 1);
  }

  /** Bytes the kernel writes back. */
  private static Rule out(String arg) {
    return copy(arg, ContentKind.BYTES, CapturePhase.EXIT, null, 1);
  }

  /** One struct (or an array of them, given a length) the caller passes in. */
  private static Rule in(String arg, String type) {
    return copy(arg, ContentKind.BYTES, CapturePhase.ENTER, type, 0);
  }

  /** One struct (or an array of them, given a length) the kernel writes back. */
  private static Rule out(String arg, String type) {
    return copy(arg, ContentKind.BYTES, CapturePhase.EXIT, type, 0);
  }

  /** Elements of a renderer word's type of a known size. */
  private static Rule out(String arg, String type, int size) {
    return copy(arg, ContentKind.BYTES, CapturePhase.EXIT, type, size);
  }

  private static Rule in(String arg, String type, int size) {
    return copy(arg, ContentKind.BYTES, CapturePhase.ENTER, type, size);
  }

  private static Rule iovec(String arg, CapturePhase phase) {
    return copy(arg, ContentKind.IOVEC, phase, null, 0);
  }

  private static Rule string(String arg) {
    return copy(arg, ContentKind.STRING, CapturePhase.ENTER, null, 1);
  }

  private static Rule strings(String arg, String type) {
    return copy(arg, ContentKind.STRING_ARRAY, CapturePhase.ENTER, type, 0);
  }

  /** No copy, whatever the type says: an argument whose meaning depends on another. */
  private static Rule none(String arg) {
    return copy(arg, null, CapturePhase.ENTER, null, 0);
  }

  private static void on(String syscalls, Rule... rules) {
    for (String syscall : syscalls.split(",")) {
      List<Copy> copies = RULES.computeIfAbsent(syscall, k -> new ArrayList<>());
      for (Rule r : rules) {
        copies.add(r.build());
      }
    }
  }

  static {
    CapturePhase enter = CapturePhase.ENTER;
    CapturePhase exit = CapturePhase.EXIT;
    // Buffers: read's bytes are what the call returned, write's what it was asked to write.
    on("read,pread64", out("buf").lengthFromReturn());
    on("write,pwrite64", in("buf").lengthFrom("count"));
    // Extended attributes: the value read (as long as returned), the value set, the names listed.
    on("getxattr,lgetxattr,fgetxattr", out("value").lengthFromReturn());
    on("setxattr,lsetxattr,fsetxattr", in("value").lengthFrom("size"));
    on("listxattr,llistxattr,flistxattr", out("list").lengthFromReturn());
    on("readv,preadv,preadv2", iovec("vec", exit).lengthFrom("vlen"));
    on("writev,pwritev,pwritev2", iovec("vec", enter).lengthFrom("vlen"));
    on("sendto", in("buff").lengthFrom("len"), in("addr", "sockaddr", 1).lengthFrom("addr_len"));
    on(
        "recvfrom",
        out("ubuf").lengthFromReturn(),
        out("addr", "sockaddr", 1).lengthAt("addr_len"),
        out("addr_len", "int", 4));
    // Socket addresses: a socklen_t in at connect, a pointee written back at accept.
    on("connect", in("uservaddr", "sockaddr", 1).lengthFrom("addrlen"));
    on("bind", in("umyaddr", "sockaddr", 1).lengthFrom("addrlen"));
    on(
        "accept,accept4",
        out("upeer_sockaddr", "sockaddr", 1).lengthAt("upeer_addrlen"),
        out("upeer_addrlen", "int", 4));
    on(
        "getsockname,getpeername",
        out("usockaddr", "sockaddr", 1).lengthAt("usockaddr_len"),
        out("usockaddr_len", "int", 4));
    // A msghdr and what it points at: the address, the iovecs' buffers (recvmsg's up to what it
    // returned), the control messages; the kernel writes the lengths back at recvmsg's exit.
    for (String call : List.of("sendmsg", "recvmsg")) {
      CapturePhase phase = call.equals("sendmsg") ? enter : exit;
      on(
          call,
          copy("msg", ContentKind.BYTES, phase, "user_msghdr", 0),
          copy("msg", ContentKind.BYTES, phase, "sockaddr", 1)
              .through("user_msghdr", "msg_name")
              .lengthFromMember("msg_namelen"),
          copy("msg", ContentKind.IOVEC, phase, null, 0)
              .through("user_msghdr", "msg_iov")
              .lengthFromMember("msg_iovlen"),
          copy("msg", ContentKind.BYTES, phase, "cmsg", 1)
              .through("user_msghdr", "msg_control")
              .lengthFromMember("msg_controllen"));
    }
    // The messages sent or received, each with the length the kernel wrote back, and what the
    // first MMSG_SHOWN messages' msghdrs point at: the address, the iovecs' buffers (up to the
    // message's msg_len), the control messages; all read at exit, when msg_len is known, for as
    // many messages as the call returned.
    List<Rule> mmsg = new ArrayList<>();
    mmsg.add(out("mmsg", "mmsghdr").lengthFromReturn());
    for (int i = 0; i < MMSG_SHOWN; i++) {
      mmsg.add(
          copy("mmsg", ContentKind.BYTES, exit, "sockaddr", 1)
              .element("mmsghdr", i, null)
              .through("msg_hdr.msg_name")
              .lengthFromMember("msg_hdr.msg_namelen"));
      mmsg.add(
          copy("mmsg", ContentKind.IOVEC, exit, null, 0)
              .element("mmsghdr", i, null)
              .through("msg_hdr.msg_iov")
              .lengthFromMember("msg_hdr.msg_iovlen")
              .bytesFromMember("msg_len"));
      mmsg.add(
          copy("mmsg", ContentKind.BYTES, exit, "cmsg", 1)
              .element("mmsghdr", i, null)
              .through("msg_hdr.msg_control")
              .lengthFromMember("msg_hdr.msg_controllen"));
    }
    on("sendmmsg,recvmmsg", mmsg.toArray(new Rule[0]));
    // What statfs and fstatfs filled (the 32-bit *64 calls have no format of their own here).
    on("statfs,fstatfs", out("buf", "statfs"));
    // The signal stack set and the old one (stack_t is struct sigaltstack).
    on("sigaltstack", in("uss", "sigaltstack"), out("uoss", "sigaltstack"));
    // CPU masks: what sched_getaffinity wrote (as many bytes as it returned), what setaffinity
    // passes; group lists: getgroups' (as many as it returned), setgroups'.
    on("sched_getaffinity", out("user_mask_ptr", "cpumask", 1).lengthFromReturn());
    on("sched_setaffinity", in("user_mask_ptr", "cpumask", 1).lengthFrom("len"));
    on("getgroups", out("grouplist", "int", 4).lengthFromReturn());
    on("setgroups", in("grouplist", "int", 4).lengthFrom("gidsetsize"));
    // The directory entries getdents64 wrote, as many bytes as it returned (renderer's dirent64).
    on("getdents64", out("dirent", "dirent64", 1).lengthFromReturn());
    // Arrays with their count: pollfd's events at entry, revents at exit.
    on(
        "poll,ppoll",
        in("ufds", "pollfd").lengthFrom("nfds"),
        out("ufds", "pollfd").lengthFrom("nfds"));
    on("epoll_ctl", in("event", "epoll_event"));
    on("epoll_wait,epoll_pwait", out("events", "epoll_event").lengthFromReturn());
    // Signal masks: as many bytes as sigsetsize says.
    on("ppoll,epoll_pwait", in("sigmask", "sigset", 1).lengthFrom("sigsetsize"));
    on(
        "rt_sigprocmask",
        in("nset", "sigset", 1).lengthFrom("sigsetsize"),
        out("oset", "sigset", 1).lengthFrom("sigsetsize"));
    on("rt_sigpending", out("uset", "sigset", 1).lengthFrom("sigsetsize"));
    on("rt_sigsuspend", in("unewset", "sigset", 1).lengthFrom("sigsetsize"));
    on(
        "rt_sigtimedwait",
        in("uthese", "sigset", 1).lengthFrom("sigsetsize"),
        out("uinfo", "siginfo"));
    // siginfo the caller hands the kernel (the queued signal's sender, code and value)
    on("rt_sigqueueinfo,rt_tgsigqueueinfo", in("uinfo", "siginfo"));
    on("pidfd_send_signal", in("info", "siginfo"));
    // Time structs without const are inputs (timeouts) unless a rule says the kernel writes them.
    on("clock_gettime,clock_getres", out("tp", "__kernel_timespec"));
    on("nanosleep,clock_nanosleep", out("rmtp", "__kernel_timespec"));
    on("gettimeofday", out("tv", "__kernel_old_timeval"), out("tz", "timezone"));
    on("getitimer", out("value", "__kernel_old_itimerval"));
    on("setitimer", out("ovalue", "__kernel_old_itimerval"));
    on("timer_gettime", out("setting", "__kernel_itimerspec"));
    on("timer_settime", out("old_setting", "__kernel_itimerspec"));
    on("timerfd_gettime", out("otmr", "__kernel_itimerspec"));
    on("timerfd_settime", out("otmr", "__kernel_itimerspec"));
    on("sched_rr_get_interval", out("interval", "__kernel_timespec"));
    // prctl's arg2 is a name for PR_SET_NAME (a number or an output for the other options)
    on("prctl", string("arg2").when("option", "PR_SET_NAME"));
    // futex's utime is a timeout for some operations and a number for others: FUTEX_ARG decides.
    on("futex", none("utime"));
    // Structs the caller passes in through a pointer the format does not mark const.
    on("setrlimit", in("rlim", "rlimit"));
    on("sched_setparam,sched_setscheduler", in("param", "sched_param", 4));
    on("sched_getparam", out("param", "sched_param", 4));
    on("sched_setattr", in("uattr", "sched_attr"));
    on("clone3", in("uargs", "clone_args"));
    on("openat2", in("how", "open_how"));
    on("settimeofday", in("tv", "__kernel_old_timeval"), in("tz", "timezone"));
    // Output arrays of fixed length: the fds the kernel made.
    on("pipe,pipe2", out("fildes", "fd", 4).count(2));
    on("socketpair", out("usockvec", "fd", 4).count(2));
    on("wait4", out("stat_addr", "wait_status", 4));
    // getcwd's return counts the NUL it writes: a string at exit; readlink writes none, its
    // length is the return value.
    on("getcwd", copy("buf", ContentKind.STRING, exit, null, 1));
    on("readlink,readlinkat", out("buf").lengthFromReturn());
    // execve: every argv string, envp as a count.
    on("execve,execveat", strings("argv", null), strings("envp", "envp"));
    // ioctl: the termios a TCGETS fills and a TCSETS* passes (termios2 for the *2 calls), the
    // window size TIOCGWINSZ fills and TIOCSWINSZ passes.
    on(
        "ioctl",
        out("arg", "termios").when("cmd", "TCGETS"),
        in("arg", "termios").when("cmd", "TCSETS"),
        in("arg", "termios").when("cmd", "TCSETSW"),
        in("arg", "termios").when("cmd", "TCSETSF"),
        out("arg", "termios2").when("cmd", "TCGETS2"),
        in("arg", "termios2").when("cmd", "TCSETS2"),
        in("arg", "termios2").when("cmd", "TCSETSW2"),
        in("arg", "termios2").when("cmd", "TCSETSF2"),
        out("arg", "winsize").when("cmd", "TIOCGWINSZ"),
        in("arg", "winsize").when("cmd", "TIOCSWINSZ"));
  }

  /** The explicit copies of a syscall's format name, by argument name, in rule order. */
  public static Map<String, List<Copy>> of(String syscall) {
    Map<String, List<Copy>> byArg = new HashMap<>();
    for (Copy c : RULES.getOrDefault(syscall, List.of())) {
      List<Copy> copies = byArg.computeIfAbsent(c.arg(), k -> new ArrayList<>());
      if (c.kind() != null) {
        copies.add(c);
      }
    }
    return byArg;
  }

  /** Every rule, by format name, for the test that checks the names. */
  static Map<String, List<Copy>> all() {
    return Collections.unmodifiableMap(RULES);
  }

  /** The copy of a {@code const char *} argument without a rule: a NUL-terminated string. */
  static Copy stringOf(String arg) {
    return string(arg).build();
  }

  /** Time structs: a pointer to one without const is still an input unless a rule says out. */
  private static final Set<String> TIME_INPUTS =
      Set.of(
          "__kernel_timespec",
          "__kernel_old_timeval",
          "__kernel_itimerspec",
          "__kernel_old_itimerval",
          "timespec",
          "timeval",
          "timezone");

  /**
   * The copy of a struct pointer argument without a rule: in when const or a time struct, else out.
   */
  static Copy structOf(String arg, String tag, boolean isConst) {
    return (isConst || TIME_INPUTS.contains(tag) ? in(arg, tag) : out(arg, tag)).build();
  }
}
