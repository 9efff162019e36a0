package dev.jtrace.tracer.session;

import java.util.List;

/**
 * One syscall as strace printed it: the process, the name, each argument's text at the top level
 * (strings still quoted, structs and arrays as strace spells them, {@code -X raw} numbers), and the
 * return.
 *
 * @param ret the return value, or null when strace printed {@code ?} (the call did not return) or
 *     the call was still unfinished when strace stopped
 * @param errno the error's name ({@code ENOENT}) when the call failed, else null
 * @param retDetail what strace printed after the return value ({@code (Timeout)}, poll's revents,
 *     an error's description), or ""
 */
public record StraceCall(
    int pid, String name, List<String> args, Long ret, String errno, String retDetail) {

  /** Argument i's text, or null when the call has fewer arguments. */
  public String arg(int i) {
    return i < args.size() ? args.get(i) : null;
  }

  /** Argument i as a number (decimal, 0x hex or 0 octal, as {@code -X raw} prints them). */
  public long number(int i) {
    return StraceRun.number(arg(i));
  }

  /** Argument i as the bytes of a quoted string, C escapes undone; null when not a string. */
  public String string(int i) {
    return StraceRun.unquote(arg(i));
  }

  public boolean failed() {
    return errno != null;
  }
}
