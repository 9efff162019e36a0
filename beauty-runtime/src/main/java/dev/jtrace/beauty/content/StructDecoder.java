package dev.jtrace.beauty.content;

import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.TableNames;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A struct from its generated layout: each field by its type word (integers, pointers, char arrays
 * as strings, nested structs), named fields decoded by the argument tables (the rules the headers
 * cannot say: {@code st_mode} is a file mode, pollfd's {@code events} are POLL* flags, sigaction's
 * {@code sa_mask} a signal set), and strace's abbreviations of big structs in text.
 */
final class StructDecoder {
  private static final String[] TERMIOS_WORDS = {"c_iflag", "c_oflag", "c_cflag", "c_lflag"};

  /** In text, strace shows only these fields of a big struct, then {@code ...}. */
  private static final Map<String, String[]> ABBREVIATED =
      Map.of(
          "struct stat", new String[] {"st_mode", "st_size"},
          "struct stat64", new String[] {"st_mode", "st_size"},
          "struct statx", new String[] {"stx_mask", "stx_attributes", "stx_mode", "stx_size"},
          "struct new_utsname", new String[] {"sysname", "nodename"},
          "struct rusage", new String[] {"ru_utime", "ru_stime"},
          "struct sysinfo", new String[] {"uptime", "loads", "totalram", "freeram"},
          "struct termios", TERMIOS_WORDS,
          "struct termios2", TERMIOS_WORDS,
          "struct termio", TERMIOS_WORDS);

  /** The multi-bit fields of termios' output and control words, by mask name, in strace's order. */
  private static final String[] OFLAG_FIELDS = {
    "NLDLY", "CRDLY", "TABDLY", "BSDLY", "VTDLY", "FFDLY"
  };

  private static final String[] CFLAG_FIELDS = {"CBAUD", "CSIZE"};

  /** Fields that are padding or reserved: never shown. */
  private static final Set<String> HIDDEN =
      Set.of("pad", "_f", "_u._sa_sigaction", "_si_pad", "f_spare");

  private final ContentRenderer r;

  StructDecoder(ContentRenderer r) {
    this.r = r;
  }

  /**
   * {@code count} structs, {@code [{…}, {…}]}; at exit, pollfds without revents are left out.
   *
   * @param members the copies of what the elements' pointer members point at, by member name
   *     prefixed with the element's index ({@code [1].msg_hdr.msg_iov}); or null
   */
  void array(
      ValueOut out,
      Layout l,
      ByteBuffer b,
      CapturePhase phase,
      boolean cut,
      Map<String, List<CapturedContent>> members,
      int pid,
      BeautyContext context) {
    boolean pollExit = l.key().equals("struct pollfd") && phase == CapturePhase.EXIT;
    out.beginArray();
    for (int off = 0, i = 0; off + l.size() <= b.remaining(); off += l.size(), i++) {
      if (pollExit && r.memory().read(b, off + l.field("revents").offset(), 2, false) == 0) {
        continue;
      }
      decode(out, l, b, off, phase, within(members, "[" + i + "]."), pid, context);
    }
    if (cut) {
      out.more();
    }
    out.endArray();
  }

  void decode(
      ValueOut out,
      Layout l,
      ByteBuffer b,
      int base,
      CapturePhase phase,
      int pid,
      BeautyContext context) {
    decode(out, l, b, base, phase, null, pid, context);
  }

  /**
   * @param members the copies of what pointer members point at, by member name (msghdr's {@code
   *     msg_iov}), shown in place of their values; or null
   */
  void decode(
      ValueOut out,
      Layout l,
      ByteBuffer b,
      int base,
      CapturePhase phase,
      Map<String, List<CapturedContent>> members,
      int pid,
      BeautyContext context) {
    if (l.key().equals("struct siginfo")) {
      siginfo(out, l, b, base);
      return;
    }
    out.beginStruct();
    String[] shown = out.verbose() ? null : ABBREVIATED.get(l.key());
    if (shown != null) {
      for (String name : shown) {
        Layout.Field f = l.field(name);
        if (f != null) {
          field(out, l, f, b, base, null, pid, context);
        }
      }
      out.more();
    } else {
      for (Layout.Field f : l.fields()) {
        if (!hidden(l, f, phase)) {
          List<CapturedContent> pointee = members == null ? null : members.get(f.name());
          if (pointee != null && f.type().equals("ptr")) {
            out.field(f.name());
            r.member(
                out, r.memory().read(b, base + f.offset(), f.size(), false), pointee, pid, context);
          } else {
            field(out, l, f, b, base, within(members, f.name() + "."), pid, context);
          }
        }
      }
    }
    out.endStruct();
  }

  /** The members under a prefix, the prefix taken off their names; null when none. */
  private static Map<String, List<CapturedContent>> within(
      Map<String, List<CapturedContent>> members, String prefix) {
    if (members == null) {
      return null;
    }
    Map<String, List<CapturedContent>> in = null;
    for (Map.Entry<String, List<CapturedContent>> e : members.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        if (in == null) {
          in = new HashMap<>();
        }
        in.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return in;
  }

  private static boolean hidden(Layout l, Layout.Field f, CapturePhase phase) {
    String n = f.name();
    if (n.startsWith("__") || HIDDEN.contains(n) || f.type().equals("?")) {
      return true;
    }
    if (l.key().equals("struct pollfd")) {
      // strace shows what the caller asks at entry and what the kernel answers at exit.
      return n.equals(phase == CapturePhase.ENTER ? "revents" : "events");
    }
    return false;
  }

  /**
   * @param members the copies of what a nested struct's pointer members point at, by their names
   *     within it; or null
   */
  private void field(
      ValueOut out,
      Layout l,
      Layout.Field f,
      ByteBuffer b,
      int base,
      Map<String, List<CapturedContent>> members,
      int pid,
      BeautyContext context) {
    String name = f.name();
    if (name.equals("f_fsid.val")) {
      // statfs's __kernel_fsid_t, flattened in the layout: strace's {val=[0x…, 0x…]}
      out.field("f_fsid");
      out.beginStruct();
      out.field("val");
      out.beginArray();
      for (int off = 0; off + 4 <= f.size(); off += 4) {
        long w = r.memory().read(b, base + f.offset() + off, 4, false);
        out.symbol("0x" + Long.toHexString(w), w);
      }
      out.endArray();
      out.endStruct();
      return;
    }
    // i386's struct sigaction names its handler inside a union.
    out.field(name.equals("_u._sa_handler") ? "sa_handler" : name);
    int at = base + f.offset();
    String type = f.type();
    if (name.equals("sa_mask")) {
      r.sigset(out, b, at, f.size());
      return;
    }
    if (type.startsWith("struct ") || type.startsWith("union ")) {
      Layout nested = SyscallContents.layout(r.arch(), type);
      if (nested == null || type.startsWith("union ")) {
        out.string(
            Memory.bytes(b, at, Math.min(f.size(), r.stringLimit())), f.size() > r.stringLimit());
      } else {
        decode(out, nested, b, at, CapturePhase.ENTER, members, pid, context);
      }
      return;
    }
    String element = f.elementType();
    if (element != null) {
      array(out, f, element, b, at);
      return;
    }
    if (type.equals("ptr")) {
      long p = r.memory().read(b, at, f.size(), false);
      if (name.endsWith("sa_handler") && (p == 0 || p == 1)) {
        out.symbol(p == 0 ? "SIG_DFL" : "SIG_IGN", p);
      } else {
        out.pointer(p);
      }
      return;
    }
    if (type.indexOf(':') > 0) {
      bitField(out, f, b, at);
      return;
    }
    long v = r.memory().read(b, at, f.size(), f.signed());
    value(out, l, name, v, f.size(), pid, context);
  }

  /** An integer field, decoded by its name's rule when it has one. */
  private void value(
      ValueOut out, Layout l, String name, long v, int size, int pid, BeautyContext context) {
    switch (name) {
      case "st_mode", "stx_mode" -> out.symbol(mode(v), v);
      case "events", "revents" ->
          out.flags(
              r.flags(
                  l.key().equals("struct epoll_event")
                      ? TableNames.EPOLL_EVENTS
                      : TableNames.POLL_EVENTS,
                  v),
              v);
      case "sa_flags" -> out.flags(r.flags(TableNames.SIGACTION_FLAGS, v), v);
      case "ss_flags" -> out.flags(r.flags(TableNames.SIGALTSTACK_FLAGS, v), v);
      case "f_type" -> r.named(out, TableNames.FS_MAGICS, "", size == 4 ? v & 0xffffffffL : v);
      case "c_iflag", "c_oflag", "c_cflag", "c_lflag" -> {
        if (l.key().startsWith("struct termio")) {
          out.flags(termiosWord(name, v), v);
        } else {
          out.unsigned(v);
        }
      }
      case "stx_mask" -> out.flags(r.flags(TableNames.STATX_MASK, v), v);
      case "msg_flags" -> out.flags(r.flags(TableNames.MSG_FLAGS, v), v);
      case "exit_signal" -> out.symbol(r.signal((int) v), v);
      case "sched_policy" -> r.named(out, TableNames.SCHED_POLICIES, "SCHED_", v);
      case "rlim_cur", "rlim_max" -> {
        if (size == 8 ? v == -1 : v == 0xffffffffL) {
          out.symbol("RLIM_INFINITY", v);
        } else {
          out.unsigned(v);
        }
      }
      case "fd" -> {
        ContentRenderer.fd(
            out, v, l.key().equals("struct pollfd") ? context.fdPath(pid, (int) v) : null);
      }
      default -> {
        if (l.key().equals("struct open_how") && name.equals("flags")) {
          out.flags(r.flags(TableNames.OPEN_FLAGS, v), v);
        } else if (l.key().equals("struct clone_args") && name.equals("flags")) {
          out.flags(r.flags(TableNames.CLONE_FLAGS, v), v);
        } else if (l.key().equals("struct open_how") && name.equals("mode")) {
          out.symbol("0" + Long.toOctalString(v), v);
        } else if (size == 8 && v < 0 && !name.startsWith("tv_")) {
          out.unsigned(v);
        } else {
          out.number(v);
        }
      }
    }
  }

  /**
   * A termios flag word as strace spells it: each multi-bit field's value by name ({@code
   * NL0|CR0|TAB0}, {@code B38400|CS8}, an input speed as {@code B9600<<IBSHIFT}), then the bits.
   */
  private String termiosWord(String name, long v) {
    String[] fields =
        switch (name) {
          case "c_oflag" -> OFLAG_FIELDS;
          case "c_cflag" -> CFLAG_FIELDS;
          default -> new String[0];
        };
    StringBuilder sb = new StringBuilder();
    long rest = v;
    for (String field : fields) {
      OptionalLong mask = r.value(TableNames.TERMIOS_MASKS, field);
      String value =
          mask.isEmpty()
              ? null
              : r.name("termios_" + field.toLowerCase(Locale.ROOT), v & mask.getAsLong());
      if (value != null) {
        sb.append(sb.isEmpty() ? "" : "|").append(value);
        rest &= ~mask.getAsLong();
      }
    }
    OptionalLong inputSpeed =
        name.equals("c_cflag") ? r.value(TableNames.TERMIOS_MASKS, "CIBAUD") : OptionalLong.empty();
    if (inputSpeed.isPresent() && (v & inputSpeed.getAsLong()) != 0) {
      long m = inputSpeed.getAsLong();
      String speed = r.name("termios_cbaud", (v & m) >>> Long.numberOfTrailingZeros(m));
      if (speed != null) {
        sb.append(sb.isEmpty() ? "" : "|").append(speed).append("<<IBSHIFT");
        rest &= ~m;
      }
    }
    if (rest != 0 || sb.isEmpty()) {
      String table =
          switch (name) {
            case "c_iflag" -> TableNames.TERMIOS_IFLAGS;
            case "c_oflag" -> TableNames.TERMIOS_OFLAGS;
            case "c_cflag" -> TableNames.TERMIOS_CFLAGS;
            default -> TableNames.TERMIOS_LFLAGS;
          };
      sb.append(sb.isEmpty() ? "" : "|").append(r.flags(table, rest));
    }
    return sb.toString();
  }

  /** {@code S_IFREG|0644}. */
  private String mode(long v) {
    String type = r.name(TableNames.FILE_TYPES, v & 0170000);
    String perms = String.format("%04o", v & 07777);
    return type == null ? perms : "S_" + type + "|" + perms;
  }

  /** A char array as a string; u8 arrays (c_cc, sll_addr) as bytes; others as {@code [a, b]}. */
  private void array(ValueOut out, Layout.Field f, String element, ByteBuffer b, int at) {
    if (element.equals("char")) {
      out.string(Memory.cString(b, at, Math.min(f.size(), r.stringLimit())), false);
      return;
    }
    if (element.equals("u1") || element.equals("s1")) {
      out.string(
          Memory.bytes(b, at, Math.min(f.size(), r.stringLimit())), f.size() > r.stringLimit());
      return;
    }
    int size = wordSize(element);
    if (size == 0) {
      out.more();
      return;
    }
    out.beginArray();
    for (int off = 0; off + size <= f.size(); off += size) {
      out.number(r.memory().read(b, at + off, size, element.startsWith("s")));
    }
    out.endArray();
  }

  private void bitField(ValueOut out, Layout.Field f, ByteBuffer b, int at) {
    String[] parts = f.type().split(":");
    long unit = r.memory().read(b, at, f.size(), false);
    int start = Integer.parseInt(parts[1]);
    int width = Integer.parseInt(parts[2]);
    out.unsigned(unit >>> start & (width == 64 ? -1L : (1L << width) - 1));
  }

  private static int wordSize(String word) {
    if (word.length() < 2 || (word.charAt(0) != 's' && word.charAt(0) != 'u')) {
      return 0;
    }
    try {
      return Integer.parseInt(word.substring(1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The si_code table of the signals that have their own codes (from asm-generic/siginfo.h). */
  private static final Map<String, String[]> SIGNAL_CODES =
      Map.of(
          "SIGILL", new String[] {"sigill_codes", "ILL_"},
          "SIGFPE", new String[] {"sigfpe_codes", "FPE_"},
          "SIGSEGV", new String[] {"sigsegv_codes", "SEGV_"},
          "SIGBUS", new String[] {"sigbus_codes", "BUS_"},
          "SIGTRAP", new String[] {"sigtrap_codes", "TRAP_"},
          "SIGCHLD", new String[] {"sigchld_codes", "CLD_"},
          "SIGIO", new String[] {"sigpoll_codes", "POLL_"},
          "SIGSYS", new String[] {"sigsys_codes", "SYS_"});

  /**
   * siginfo as strace shows it: signal, code by name, then the union member the code and signal
   * select (a sender's pid and uid, a queued value, a timer, a child, a fault address, a poll band,
   * a seccomp call).
   */
  private void siginfo(ValueOut out, Layout l, ByteBuffer b, int base) {
    int signo = (int) r.memory().read(b, base + l.field("si_signo").offset(), 4, true);
    int code = (int) r.memory().read(b, base + l.field("si_code").offset(), 4, true);
    String signal = r.signal(signo);
    out.beginStruct();
    out.field("si_signo");
    out.symbol(signal, signo);
    out.field("si_code");
    String[] own = code > 0 && code < 0x80 ? SIGNAL_CODES.get(signal) : null;
    String name = own != null ? r.name(own[0], code) : r.name(TableNames.SI_CODES, code);
    if (name == null) {
      out.number(code);
    } else {
      out.symbol((own != null ? own[1] : "SI_") + name, code);
    }
    Layout.Field fields = l.field("_sifields");
    Layout u = fields == null ? null : SyscallContents.layout(r.arch(), fields.type());
    if (u != null) {
      int at = base + fields.offset();
      for (String[] f : members(signal, code, own != null)) {
        Layout.Field x = u.field(f[0]);
        if (x == null) {
          continue;
        }
        if (x.type().startsWith("union sigval")) {
          // strace's spelling: the value as both of its members
          out.field("si_int");
          out.number(r.memory().read(b, at + x.offset(), 4, true));
          out.field("si_ptr");
          out.pointer(r.memory().read(b, at + x.offset(), x.size(), false));
          continue;
        }
        out.field(f[1]);
        if (x.type().equals("ptr")) {
          out.pointer(r.memory().read(b, at + x.offset(), x.size(), false));
        } else if (f[1].equals("si_fd")) {
          out.number(r.memory().read(b, at + x.offset(), x.size(), true));
        } else {
          out.number(r.memory().read(b, at + x.offset(), x.size(), x.signed()));
        }
      }
    }
    out.endStruct();
  }

  /** The union members shown, {layout name, shown name}, as the kernel's siginfo_layout picks. */
  private static String[][] members(String signal, int code, boolean signalCode) {
    if (signalCode) {
      return switch (signal) {
        case "SIGCHLD" ->
            new String[][] {
              {"_sigchld._pid", "si_pid"},
              {"_sigchld._uid", "si_uid"},
              {"_sigchld._status", "si_status"},
              {"_sigchld._utime", "si_utime"},
              {"_sigchld._stime", "si_stime"}
            };
        case "SIGIO" -> new String[][] {{"_sigpoll._band", "si_band"}, {"_sigpoll._fd", "si_fd"}};
        case "SIGSYS" ->
            new String[][] {
              {"_sigsys._call_addr", "si_call_addr"},
              {"_sigsys._syscall", "si_syscall"},
              {"_sigsys._arch", "si_arch"}
            };
        default -> new String[][] {{"_sigfault._addr", "si_addr"}};
      };
    }
    return switch (code) {
      case -2 -> // SI_TIMER
          new String[][] {
            {"_timer._tid", "si_timerid"},
            {"_timer._overrun", "si_overrun"},
            {"_timer._sigval", "si_value"}
          };
      case -1, -3 -> // SI_QUEUE, SI_MESGQ
          new String[][] {
            {"_rt._pid", "si_pid"}, {"_rt._uid", "si_uid"}, {"_rt._sigval", "si_value"}
          };
      case 0x80 -> new String[0][]; // SI_KERNEL
      default -> new String[][] {{"_kill._pid", "si_pid"}, {"_kill._uid", "si_uid"}};
    };
  }
}
