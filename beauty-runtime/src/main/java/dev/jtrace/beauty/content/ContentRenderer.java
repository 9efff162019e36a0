package dev.jtrace.beauty.content;

import dev.jtrace.beauty.Arch;
import dev.jtrace.beauty.BeautyContext;
import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.TableNames;
import dev.jtrace.beauty.table.FlagTable;
import dev.jtrace.beauty.table.Table;
import dev.jtrace.beauty.table.Tables;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the copied memory of one argument as strace prints it, and as JSON: strings and buffers
 * escaped and cut at the string limit, structs from the arch's generated layouts with their fields
 * decoded by the same tables as arguments (flags, signals, fds through the {@link BeautyContext}).
 * Memory that could not be read prints as its address marked {@code (unreadable)}, a copy whose
 * record was lost as {@code (lost)}.
 *
 * <p>One instance per traced arch and string limit; it is safe to share between threads.
 */
public final class ContentRenderer {
  private final Arch arch;
  private final int stringLimit;
  private final Memory memory;
  private final StructDecoder structs;
  private final Map<String, Table> tables = new ConcurrentHashMap<>();

  /**
   * @param stringLimit how many bytes of a string or buffer are shown ({@code --string-limit},
   *     strace's {@code -s}; 32 by default)
   */
  public ContentRenderer(Arch arch, int stringLimit) {
    this.arch = arch;
    this.stringLimit = stringLimit;
    this.memory = new Memory(arch);
    this.structs = new StructDecoder(this);
  }

  Arch arch() {
    return arch;
  }

  Memory memory() {
    return memory;
  }

  int stringLimit() {
    return stringLimit;
  }

  /**
   * Appends one copy of an argument: its {@link CapturedContent} (for {@link ContentKind#IOVEC} and
   * {@link ContentKind#STRING_ARRAY}: one per element, in order).
   *
   * @param address the argument's value (the user pointer)
   * @param pid the traced process, for fd paths
   */
  public void appendText(
      StringBuilder out,
      long address,
      List<? extends CapturedContent> parts,
      int pid,
      BeautyContext context) {
    render(new TextOut(out), address, parts, pid, context);
  }

  /** The same contents as one JSON value. */
  public void writeJson(
      JsonSink sink,
      long address,
      List<? extends CapturedContent> parts,
      int pid,
      BeautyContext context) {
    render(new JsonOut(sink), address, parts, pid, context);
  }

  private void render(
      ValueOut out,
      long address,
      List<? extends CapturedContent> parts,
      int pid,
      BeautyContext context) {
    if (address == 0 || parts.isEmpty()) {
      out.pointer(address);
      return;
    }
    CapturedContent first = parts.get(0);
    ContentSpec spec = first.spec();
    if (spec.through() != null) {
      out.pointer(address); // what a struct points at, without the struct's own copy
      return;
    }
    if (uncopied(out, address, first)) {
      return;
    }
    if ("dirent64".equals(spec.type())) {
      dirents(out, address, first);
      return;
    }
    switch (spec.kind()) {
      case STRING -> string(out, first);
      case BYTES -> bytes(out, first, throughMembers(parts), pid, context);
      case IOVEC -> iovecs(out, parts);
      case STRING_ARRAY -> strings(out, address, parts);
    }
  }

  /**
   * The copies after a struct's own of what its pointer members point at (msghdr's msg_name,
   * msg_iov, msg_control), by member name; null when there are none.
   */
  private static Map<String, List<CapturedContent>> throughMembers(
      List<? extends CapturedContent> parts) {
    Map<String, List<CapturedContent>> members = null;
    for (int i = 1; i < parts.size(); i++) {
      CapturedContent c = parts.get(i);
      if (c.spec().through() != null) {
        if (members == null) {
          members = new HashMap<>();
        }
        members.computeIfAbsent(c.spec().through().name(), k -> new ArrayList<>()).add(c);
      }
    }
    return members;
  }

  /** A pointer member's copy in place of its value (the struct decoder's call). */
  void member(
      ValueOut out, long address, List<CapturedContent> parts, int pid, BeautyContext context) {
    CapturedContent first = parts.get(0);
    if (address == 0 || uncopied(out, address, first)) {
      out.pointer(address);
      return;
    }
    switch (first.spec().kind()) {
      case IOVEC -> iovecs(out, parts);
      default -> bytes(out, first, null, pid, context);
    }
  }

  private static boolean uncopied(ValueOut out, long address, CapturedContent c) {
    if (c.status() == CapturedContent.Status.FAULT || c.status() == CapturedContent.Status.LOST) {
      out.uncopied(address, c.status() == CapturedContent.Status.LOST);
      return true;
    }
    return false;
  }

  /** A string or buffer, cut at the limit: {@code "hello\n"...}. */
  private void string(ValueOut out, CapturedContent c) {
    ByteBuffer b = c.bytes();
    int n = b.remaining();
    boolean cut = c.status() == CapturedContent.Status.CUT || n > stringLimit;
    String text =
        c.spec().kind() == ContentKind.STRING
            ? Memory.cString(b, 0, Math.min(n, stringLimit))
            : Memory.bytes(b, 0, Math.min(n, stringLimit));
    out.string(text, cut);
  }

  private void bytes(
      ValueOut out,
      CapturedContent c,
      Map<String, List<CapturedContent>> members,
      int pid,
      BeautyContext context) {
    ContentSpec spec = c.spec();
    String type = spec.type();
    if (type == null) {
      string(out, c);
      return;
    }
    ByteBuffer b = c.bytes();
    boolean cut = c.status() == CapturedContent.Status.CUT;
    switch (type) {
      case "sockaddr" -> SocketAddresses.decode(this, out, b, 0, b.remaining());
      case "sigset" -> sigset(out, b, 0, b.remaining());
      case "cpumask" -> cpus(out, b);
      case "int", "fd" -> ints(out, b, cut);
      case "wait_status" -> waitStatus(out, b);
      case "cmsg" -> controlMessages(out, b, cut, pid, context);
      case "sched_param" -> {
        out.beginStruct();
        out.field("sched_priority");
        out.number(memory.read(b, 0, 4, true));
        out.endStruct();
      }
      default -> {
        Layout layout =
            type.equals("kernel_sigaction")
                ? kernelSigaction()
                : SyscallContents.layout(arch, "struct " + type);
        if (layout == null || b.remaining() < layout.size()) {
          out.string(Memory.bytes(b, 0, Math.min(b.remaining(), stringLimit)), true);
          return;
        }
        boolean single = spec.length() == ContentLength.FIXED && spec.maxElements() <= 1;
        if (single) {
          structs.decode(out, layout, b, 0, spec.phase(), members, pid, context);
        } else {
          structs.array(out, layout, b, spec.phase(), cut, members, pid, context);
        }
      }
    }
  }

  /** linux_dirent64's fixed part: d_ino, d_off, d_reclen, d_type (include/linux/dirent.h). */
  private static final int DIRENT_RECLEN = 16;

  private static final int DIRENT_TYPE = 18;
  private static final int DIRENT_NAME = 19;

  /**
   * getdents64's records: in text as strace shows them, the address and {@code /* N entries
   * *}{@code /} ({@code at least N} when the copy was cut); in JSON each entry, its type by name.
   */
  private void dirents(ValueOut out, long address, CapturedContent c) {
    ByteBuffer b = c.bytes();
    int n = b.remaining();
    boolean cut = c.status() == CapturedContent.Status.CUT;
    int entries = 0;
    int end = 0;
    while (end + DIRENT_NAME <= n) {
      int reclen = (int) memory.read(b, end + DIRENT_RECLEN, 2, false);
      if (reclen < DIRENT_NAME || end + reclen > n) {
        cut = true; // the copy ends inside this entry
        break;
      }
      entries++;
      end += reclen;
    }
    cut |= end < n; // bytes left: an entry begun
    if (!out.verbose()) {
      String count = (cut ? "at least " : "") + entries + (entries == 1 ? " entry" : " entries");
      out.text(
          (address == 0 ? "NULL" : "0x" + Long.toHexString(address)) + " /* " + count + " */",
          count);
      return;
    }
    out.beginArray();
    for (int off = 0; off < end; ) {
      int reclen = (int) memory.read(b, off + DIRENT_RECLEN, 2, false);
      out.beginStruct();
      out.field("d_ino");
      out.unsigned(memory.read(b, off, 8, false));
      out.field("d_off");
      out.number(memory.read(b, off + 8, 8, true));
      out.field("d_reclen");
      out.number(reclen);
      out.field("d_type");
      named(out, TableNames.DIRENT_TYPES, "DT_", memory.read(b, off + DIRENT_TYPE, 1, false));
      out.field("d_name");
      out.string(Memory.cString(b, off + DIRENT_NAME, reclen - DIRENT_NAME), false);
      out.endStruct();
      off += reclen;
    }
    if (cut) {
      out.more();
    }
    out.endArray();
  }

  /**
   * rt_sigaction's struct on arches whose UAPI struct sigaction is the old call's (i386, arm): the
   * kernel's include/linux/signal_types.h order, a word each for handler, flags and restorer, then
   * the 64-signal mask.
   */
  private Layout kernelSigaction() {
    int w = arch.bits() / 8;
    return new Layout(
        "struct kernel_sigaction",
        3 * w + 8,
        List.of(
            new Layout.Field("sa_handler", 0, w, "ptr"),
            new Layout.Field("sa_flags", w, w, "u" + w),
            new Layout.Field("sa_restorer", 2 * w, w, "ptr"),
            new Layout.Field("sa_mask", 3 * w, 8, "u8")));
  }

  /**
   * The fds an {@code fd}-typed copy holds (pipe's, pipe2's and socketpair's pair at exit), for the
   * tracer's fd table; empty when it is not such a copy or was not copied.
   */
  public int[] fds(CapturedContent c) {
    if (!"fd".equals(c.spec().type()) || c.status() != CapturedContent.Status.OK) {
      return new int[0];
    }
    ByteBuffer b = c.bytes();
    int[] fds = new int[b.remaining() / 4];
    for (int i = 0; i < fds.length; i++) {
      fds[i] = (int) memory.read(b, 4 * i, 4, true);
    }
    return fds;
  }

  /** One control message: its length, level and type, and where its data is in the copy. */
  private interface MessageVisitor {
    void message(long length, int level, String levelName, int type, int data, int end);
  }

  /**
   * Walks a msghdr's control messages: each header is the arch's struct cmsghdr, each message
   * aligned to its word (the kernel's CMSG_ALIGN), its data cut at the copy's end.
   */
  private void forEachMessage(ByteBuffer b, MessageVisitor visitor) {
    Layout header = SyscallContents.layout(arch, "struct cmsghdr");
    int word = arch.bits() / 8;
    int n = b.remaining();
    int off = 0;
    while (header != null && off + header.size() <= n) {
      Layout.Field lenField = header.field("cmsg_len");
      long len = memory.read(b, off + lenField.offset(), lenField.size(), false);
      if (len < header.size()) {
        break;
      }
      int level = (int) memory.read(b, off + header.field("cmsg_level").offset(), 4, true);
      int type = (int) memory.read(b, off + header.field("cmsg_type").offset(), 4, true);
      visitor.message(
          len,
          level,
          name(TableNames.SOCKOPT_LEVELS, level),
          type,
          off + header.size(),
          (int) Math.min(n, off + len));
      off += (int) ((len + word - 1) & -word);
    }
  }

  /** The SCM_RIGHTS type at level SOL_SOCKET, by the tables' names. */
  private boolean rights(String levelName, int type) {
    return "SOCKET".equals(levelName) && "RIGHTS".equals(name(TableNames.SCM_TYPES, type));
  }

  /**
   * A msghdr's control messages as strace prints them: {@code [{cmsg_len=20, cmsg_level=SOL_SOCKET,
   * cmsg_type=SCM_RIGHTS, cmsg_data=[3]}]}; SCM_RIGHTS's data as fds, SCM_CREDENTIALS's as a struct
   * ucred, others as bytes.
   */
  private void controlMessages(
      ValueOut out, ByteBuffer b, boolean cut, int pid, BeautyContext context) {
    out.beginArray();
    forEachMessage(
        b,
        (len, level, levelName, type, data, end) -> {
          out.beginStruct();
          out.field("cmsg_len");
          out.unsigned(len);
          out.field("cmsg_level");
          out.symbol(
              levelName == null
                  ? Integer.toString(level)
                  : prefix(TableNames.SOCKOPT_LEVELS) + levelName,
              level);
          out.field("cmsg_type");
          boolean socketLevel = "SOCKET".equals(levelName);
          String typeName = socketLevel ? name(TableNames.SCM_TYPES, type) : null;
          out.symbol(typeName == null ? Integer.toString(type) : "SCM_" + typeName, type);
          out.field("cmsg_data");
          if (rights(levelName, type)) {
            out.beginArray();
            for (int at = data; at + 4 <= end; at += 4) {
              int fd = (int) memory.read(b, at, 4, true);
              fd(out, fd, context.fdPath(pid, fd));
            }
            out.endArray();
          } else if (socketLevel && "CREDENTIALS".equals(typeName) && end - data >= 12) {
            out.beginStruct();
            out.field("pid");
            out.number(memory.read(b, data, 4, true));
            out.field("uid");
            out.number(memory.read(b, data + 4, 4, false));
            out.field("gid");
            out.number(memory.read(b, data + 8, 4, false));
            out.endStruct();
          } else {
            int shown = Math.max(0, Math.min(end - data, stringLimit));
            out.string(Memory.bytes(b, data, shown), end - data > shown);
          }
          out.endStruct();
        });
    if (cut) {
      out.more();
    }
    out.endArray();
  }

  /**
   * The fds a copy of control messages carries in SCM_RIGHTS (what a recvmsg's caller got, for the
   * tracer's fd table); empty when it is no such copy or was not copied whole.
   */
  public int[] receivedFds(CapturedContent c) {
    if (!"cmsg".equals(c.spec().type()) || c.status() != CapturedContent.Status.OK) {
      return new int[0];
    }
    ByteBuffer b = c.bytes();
    List<Integer> fds = new ArrayList<>();
    forEachMessage(
        b,
        (len, level, levelName, type, data, end) -> {
          if (rights(levelName, type)) {
            for (int at = data; at + 4 <= end; at += 4) {
              fds.add((int) memory.read(b, at, 4, true));
            }
          }
        });
    return fds.stream().mapToInt(Integer::intValue).toArray();
  }

  /** An fd with the file it names, {@code 3</etc/passwd>}, or the bare number (path null). */
  static void fd(ValueOut out, long fd, String path) {
    if (path == null) {
      out.number(fd);
    } else {
      StringBuilder sb = new StringBuilder().append(fd).append('<');
      ByteText.appendEscaped(sb, path);
      out.symbol(sb.append('>').toString(), fd);
    }
  }

  /** {@code [16]}, a pipe's {@code [3, 4]}. */
  private void ints(ValueOut out, ByteBuffer b, boolean cut) {
    out.beginArray();
    for (int off = 0; off + 4 <= b.remaining(); off += 4) {
      out.number(memory.read(b, off, 4, true));
    }
    if (cut) {
      out.more();
    }
    out.endArray();
  }

  /** {@code [{WIFEXITED(s) && WEXITSTATUS(s) == 3}]}, as strace spells a wait status. */
  private void waitStatus(ValueOut out, ByteBuffer b) {
    int s = (int) memory.read(b, 0, 4, true);
    out.beginArray();
    String text;
    if ((s & 0x7f) == 0) {
      text = "{WIFEXITED(s) && WEXITSTATUS(s) == " + ((s >> 8) & 0xff) + "}";
    } else if ((s & 0xff) == 0x7f) {
      text = "{WIFSTOPPED(s) && WSTOPSIG(s) == " + signal((s >> 8) & 0xff) + "}";
    } else if (s == 0xffff) {
      text = "{WIFCONTINUED(s)}";
    } else {
      text =
          "{WIFSIGNALED(s) && WTERMSIG(s) == "
              + signal(s & 0x7f)
              + ((s & 0x80) != 0 ? " && WCOREDUMP(s)" : "")
              + "}";
    }
    out.symbol(text, s);
    out.endArray();
  }

  /** An iovec array: {@code [{iov_base="hello", iov_len=5}, …]}. */
  private void iovecs(ValueOut out, List<? extends CapturedContent> parts) {
    out.beginArray();
    for (CapturedContent c : parts) {
      out.beginStruct();
      out.field("iov_base");
      if (c.status() == CapturedContent.Status.FAULT || c.status() == CapturedContent.Status.LOST) {
        out.uncopied(0, c.status() == CapturedContent.Status.LOST);
      } else {
        string(out, c);
        // the iovec's own length where the capture has it (at exit the copy stops at what the
        // call returned); else the bytes of a whole copy of what the caller passed in
        if (c.length() >= 0) {
          out.field("iov_len");
          out.unsigned(c.length());
        } else if (c.status() == CapturedContent.Status.OK
            && c.spec().phase() == CapturePhase.ENTER) {
          out.field("iov_len");
          out.number(c.bytes().remaining());
        }
      }
      out.endStruct();
    }
    out.endArray();
  }

  /** argv as {@code ["ls", "-l"]}; envp as strace's count, {@code 0x… /* 23 vars *\/}. */
  private void strings(ValueOut out, long address, List<? extends CapturedContent> parts) {
    if ("envp".equals(parts.get(0).spec().type())) {
      out.text(
          "0x" + Long.toHexString(address) + " /* " + parts.size() + " vars */",
          parts.size() + " vars");
      return;
    }
    out.beginArray();
    for (CapturedContent c : parts) {
      if (!uncopied(out, 0, c)) {
        string(out, c);
      }
    }
    out.endArray();
  }

  /**
   * A signal mask of {@code length} bytes: {@code [SIGINT SIGTERM]}, or {@code ~[…]} of the clear
   * ones when most are set, as strace does.
   */
  /** A CPU mask (sched_getaffinity's) as strace shows it: the CPUs set, {@code [0 1]}. */
  private void cpus(ValueOut out, ByteBuffer b) {
    int word = arch.bits() / 8;
    int bits = b.remaining() / word * word * 8;
    if (out.verbose()) {
      out.beginArray();
      for (int i = 0; i < bits; i++) {
        if (sigBit(b, 0, word, i)) {
          out.number(i);
        }
      }
      out.endArray();
      return;
    }
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < bits; i++) {
      if (sigBit(b, 0, word, i)) {
        text.append(text.length() == 1 ? "" : " ").append(i);
      }
    }
    String s = text.append(']').toString();
    out.text(s, s);
  }

  void sigset(ValueOut out, ByteBuffer b, int offset, int length) {
    int word = arch.bits() / 8;
    int signals = length * 8;
    int set = 0;
    for (int i = 0; i < signals; i++) {
      if (sigBit(b, offset, word, i)) {
        set++;
      }
    }
    if (out.verbose()) {
      out.beginArray();
      for (int i = 0; i < signals; i++) {
        if (sigBit(b, offset, word, i)) {
          String name = signal(i + 1);
          out.text(name, name);
        }
      }
      out.endArray();
      return;
    }
    boolean inverted = set > signals / 2;
    StringBuilder text = new StringBuilder(inverted ? "~[" : "[");
    boolean first = true;
    for (int i = 0; i < signals; i++) {
      if (sigBit(b, offset, word, i) != inverted) {
        text.append(first ? "" : " ").append(signal(i + 1));
        first = false;
      }
    }
    String t = text.append(']').toString();
    out.text(t, t);
  }

  private boolean sigBit(ByteBuffer b, int offset, int word, int bit) {
    int w = bit / (word * 8);
    long v = memory.read(b, offset + w * word, word, false);
    return (v >>> (bit % (word * 8)) & 1) != 0;
  }

  /** {@code SIGINT}, or the number when the arch's table has no name for it. */
  String signal(int n) {
    String name = name(TableNames.SIGNALS, n);
    return name == null ? Integer.toString(n) : "SIG" + name;
  }

  /** The value a table gives a name, or empty (no such table or name). */
  OptionalLong value(String table, String name) {
    Table t = table(table);
    return t == null ? OptionalLong.empty() : t.value(name);
  }

  /** A value by its table's name with the prefix ({@code DT_DIR}), else as its number. */
  void named(ValueOut out, String table, String prefix, long value) {
    String name = name(table, value);
    if (name == null) {
      out.number(value);
    } else {
      out.symbol(prefix + name, value);
    }
  }

  /** A table's entry, prefix stripped ({@code INET}), or null. */
  String name(String table, long value) {
    Table t = table(table);
    return t == null ? null : t.name(value);
  }

  /** A flag table's rendering with the prefix on every name ({@code POLLIN|POLLOUT}). */
  String flags(String table, long value) {
    Table t = table(table);
    if (!(t instanceof FlagTable f)) {
      return "0x" + Long.toHexString(value);
    }
    String plain = f.render(value);
    if (t.prefix().isEmpty() || plain.equals("0")) {
      return plain;
    }
    StringBuilder sb = new StringBuilder(plain.length() + 16);
    int start = 0;
    while (true) {
      int bar = plain.indexOf('|', start);
      String part = plain.substring(start, bar < 0 ? plain.length() : bar);
      sb.append(part.startsWith("0x") ? "" : t.prefix()).append(part);
      if (bar < 0) {
        return sb.toString();
      }
      sb.append('|');
      start = bar + 1;
    }
  }

  /** The prefix of a table ({@code AF_}), or empty. */
  String prefix(String table) {
    Table t = table(table);
    return t == null ? "" : t.prefix();
  }

  private Table table(String name) {
    Table t = tables.get(name);
    if (t == null && !tables.containsKey(name)) {
      t = Tables.get(name, arch);
      if (t != null) {
        tables.put(name, t);
      }
    }
    return t;
  }
}
