package dev.jtrace.tracer.session;

import dev.jtrace.beauty.ArgKind;
import dev.jtrace.beauty.ArgSpec;
import dev.jtrace.beauty.ByteText;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.tracer.event.SyscallEnter;
import dev.jtrace.tracer.state.FdTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * strace's -P: only the calls that touch one of some paths, by a path argument equal to it or by an
 * fd argument open on it (as the fd table names the fd at the call). A path is also matched by what
 * it resolves to when it is a symlink or not canonical, as strace does: an fd is named by its
 * resolved path.
 */
public final class PathTrace {
  private final Set<String> paths;
  private final IntFunction<SyscallSignature> signatures;
  private final FdTable fds;

  private PathTrace(Set<String> paths, IntFunction<SyscallSignature> signatures, FdTable fds) {
    this.paths = paths;
    this.signatures = signatures;
    this.fds = fds;
  }

  /**
   * The filter for these paths (as given, and resolved when they exist), or null for none.
   *
   * @param signatures each native syscall number's signature, or null
   */
  public static PathTrace of(
      List<String> given, IntFunction<SyscallSignature> signatures, FdTable fds) {
    if (given.isEmpty()) {
      return null;
    }
    Set<String> paths = new LinkedHashSet<>();
    for (String p : given) {
      paths.add(ByteText.ofUtf8(p));
      try {
        paths.add(ByteText.ofUtf8(Path.of(p).toRealPath().toString()));
      } catch (IOException | RuntimeException e) {
        // a path that does not exist yet is matched as given
      }
    }
    return new PathTrace(Set.copyOf(paths), signatures, fds);
  }

  /** Whether the entry (of native number nr) names one of the paths or an fd open on one. */
  public boolean touches(SyscallEnter e, int nativeNr) {
    SyscallSignature s = signatures.apply(nativeNr);
    if (s == null || e.args() == null) {
      return false;
    }
    List<ArgSpec> args = s.args();
    for (int i = 0; i < args.size() && i < e.args().length; i++) {
      ArgKind kind = args.get(i).kind();
      if (kind == ArgKind.FILENAME) {
        String p = e.string(i);
        if (p != null && paths.contains(p)) {
          return true;
        }
      } else if (kind == ArgKind.FD || kind == ArgKind.DFD || kind == ArgKind.MMAP_FD) {
        String p = fds.path(e.pid(), (int) e.args()[i]);
        if (p != null && paths.contains(p)) {
          return true;
        }
      }
    }
    return false;
  }
}
