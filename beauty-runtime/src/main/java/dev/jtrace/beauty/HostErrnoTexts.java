package dev.jtrace.beauty;

import dev.jtrace.beauty.table.ErrnoTable;
import dev.jtrace.beauty.table.Tables;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host C library's {@code strerror} text for each errno name ({@code EBADF} → "Bad file
 * descriptor"), the text perf and strace print. Looked up by name through the host's own numbering,
 * so a trace recorded on another arch (whose EAGAIN may be 35) still prints the host's text for the
 * same name. Empty when native access is not enabled for this code (no warning is provoked) or libc
 * has no strerror; callers then fall back to the header comment.
 */
final class HostErrnoTexts {
  private HostErrnoTexts() {}

  /** The host's errno table and libc's strerror, linked on first use. */
  private static final class Host {
    static final ErrnoTable ERRNOS = hostErrnos();
    static final MethodHandle STRERROR = link();

    /**
     * Texts by name, including names the host knows only as aliases (EWOULDBLOCK); "" when unknown.
     */
    static final Map<String, String> TEXTS = new ConcurrentHashMap<>();
  }

  /** The host libc's text for an errno name, or null. */
  static String text(String errnoName) {
    if (Host.STRERROR == null || Host.ERRNOS == null) {
      return null;
    }
    String text = Host.TEXTS.computeIfAbsent(errnoName, HostErrnoTexts::strerror);
    return text.isEmpty() ? null : text;
  }

  private static String strerror(String errnoName) {
    OptionalLong errno = Host.ERRNOS.value(errnoName);
    if (errno.isEmpty()) {
      return "";
    }
    try {
      MemorySegment s = (MemorySegment) Host.STRERROR.invokeExact((int) errno.getAsLong());
      return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable e) {
      return "";
    }
  }

  private static ErrnoTable hostErrnos() {
    ErrnoTable own = Tables.errnos(Arch.host().errnoFamily());
    return own != null ? own : Tables.errnos(Arch.ErrnoFamily.GENERIC);
  }

  /**
   * strerror, or null when native access is not enabled for this code (asking would warn) or libc
   * lacks it.
   */
  private static MethodHandle link() {
    if (!HostErrnoTexts.class.getModule().isNativeAccessEnabled()) {
      return null;
    }
    try {
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find("strerror")
          .map(
              f ->
                  linker.downcallHandle(
                      f, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
          .orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
