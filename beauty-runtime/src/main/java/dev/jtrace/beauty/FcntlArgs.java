package dev.jtrace.beauty;

/**
 * fcntl's third argument and its result, by command: open flags, CLOEXEC, an fd, a pid, a signal, …
 */
final class FcntlArgs {
  private final ArgRenderer renderer;
  private final ArchTables tables;

  FcntlArgs(ArgRenderer renderer, ArchTables tables) {
    this.renderer = renderer;
    this.tables = tables;
  }

  /** The text of arg, or null when the command does not read it. */
  String arg(SyscallSignature sig, long[] args, long v, BeautyContext ctx) {
    int cmdIdx = sig.indexOf("cmd");
    String cmd = cmdIdx >= 0 ? tables.name(TableNames.FCNTL_CMDS, args[cmdIdx]) : null;
    if (cmd == null) {
      return v == 0 ? null : ArgRenderer.hex(v);
    }
    return switch (cmd) {
      case "GETFD", "GETFL", "GETOWN", "GETSIG", "GETLEASE", "GETPIPE_SZ", "GET_SEALS" -> null;
      case "SETFD" -> (v & 1) != 0 ? "CLOEXEC" : "0";
      case "SETFL" -> renderer.openFlags(v);
      case "DUPFD", "DUPFD_CLOEXEC", "SETPIPE_SZ" -> Integer.toString((int) v);
      case "SETOWN" -> ArgRenderer.pid((int) v, ctx);
      case "SETSIG" -> renderer.signal((int) v);
      case "SETLEASE", "NOTIFY", "ADD_SEALS" -> Long.toString((int) v);
      default -> v == 0 ? null : ArgRenderer.pointer(v);
    };
  }

  /** The result of fcntl for the command word {@code cmdValue}. */
  String result(long cmdValue, long ret, int pid, BeautyContext ctx) {
    String cmd = tables.name(TableNames.FCNTL_CMDS, cmdValue);
    if (cmd == null) {
      return Long.toString(ret);
    }
    return switch (cmd) {
      case "GETFL" -> renderer.openFlags(ret);
      case "GETFD" -> (ret & 1) != 0 ? "CLOEXEC" : "0";
      case "DUPFD", "DUPFD_CLOEXEC" -> ArgRenderer.fd(pid, (int) ret, ctx);
      case "GETOWN" -> ArgRenderer.pid((int) ret, ctx);
      case "GETSIG" -> ret == 0 ? "0" : renderer.signal((int) ret);
      default -> Long.toString(ret);
    };
  }
}
