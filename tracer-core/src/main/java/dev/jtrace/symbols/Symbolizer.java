package dev.jtrace.symbols;

import dev.jtrace.dwarf.InlineInfo;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Addresses of a process to function, offset and binary. Mappings come from {@code /proc/PID/maps}
 * (read when a process is attached, or on its first address) and from the trace's MMAP2, FORK and
 * exec records after; each binary's symbols are read once per build id or device and inode, and a
 * lookup then is two binary searches. Single-threaded (the printer's).
 */
public final class Symbolizer {
  /** Callchain context markers (PERF_CONTEXT_*): entries at or above this are markers. */
  public static final long CONTEXT_MAX = -4095L;

  public static final long CONTEXT_KERNEL = -128L;
  public static final long CONTEXT_USER = -512L;

  /** Where distributions put separate debug files. */
  public static final Path DEFAULT_DEBUG_ROOT = Path.of("/usr/lib/debug");

  private final Path debugRoot;
  private final Path procRoot;
  private final Path jitMapDir;
  private final Map<Integer, ProcessMaps> processes = new HashMap<>();
  private final Map<String, BinarySymbols> binaries = new HashMap<>();
  private final Map<Integer, PerfMap> jitMaps = new HashMap<>();

  /** Each binary's inline information, read on its first frame printed. */
  private final Map<BinarySymbols, InlineInfo> inlines = new IdentityHashMap<>();

  private KernelSymbols kernel;
  private Reader kallsymsSource;

  private Symbolizer(Path debugRoot, Path procRoot, Path jitMapDir) {
    this.debugRoot = debugRoot;
    this.procRoot = procRoot;
    this.jitMapDir = jitMapDir;
  }

  /** This machine's: /usr/lib/debug, /proc, /tmp. */
  public static Symbolizer live() {
    return new Symbolizer(DEFAULT_DEBUG_ROOT, Path.of("/proc"), Path.of("/tmp"));
  }

  /**
   * For a recording: mappings come only from its records (no /proc), kernel symbols from its
   * kallsyms copy when given ({@link #kallsyms}), else from this machine's.
   */
  public static Symbolizer replay() {
    return new Symbolizer(DEFAULT_DEBUG_ROOT, null, Path.of("/tmp"));
  }

  /** With another debug root (tests). */
  public static Symbolizer withDebugRoot(Path debugRoot) {
    return new Symbolizer(debugRoot, Path.of("/proc"), Path.of("/tmp"));
  }

  /** Where separate debug files are looked up (their .debug_frame too). */
  public Path debugRoot() {
    return debugRoot;
  }

  /** The kernel symbols to use instead of /proc/kallsyms (a recording's). */
  public void kallsyms(Reader source) {
    this.kallsymsSource = source;
    this.kernel = null;
  }

  /** Reads a process's mappings now (at attach: later it may have ended). */
  public void attach(int pid) {
    maps(pid);
  }

  /** A new mapping (MMAP/MMAP2): {@code key} is its build id or device:inode, else null. */
  public void mmap(int pid, long start, long length, long pgoff, String path, String key) {
    ProcessMaps m = processes.get(pid);
    if (m == null) {
      m = procRoot == null ? new ProcessMaps() : readMaps(pid);
      processes.put(pid, m);
    }
    m.add(new Mapping(start, start + length, pgoff, path, key != null ? key : path));
  }

  /** A new process: it starts with its parent's mappings. */
  public void fork(int parentPid, int childPid) {
    if (parentPid == childPid) {
      return;
    }
    ProcessMaps parent = processes.get(parentPid);
    if (parent != null) {
      processes.put(childPid, parent.copy());
    }
  }

  /**
   * A process ended: its mappings are dropped (under -a thousands come and go); the binaries'
   * symbols stay cached for the next process that maps them.
   */
  public void exit(int pid) {
    processes.remove(pid);
    jitMaps.remove(pid);
  }

  /** An exec: the process's old mappings are gone (the new ones come as MMAP2 records). */
  public void exec(int pid) {
    processes.put(pid, new ProcessMaps());
    jitMaps.remove(pid);
  }

  /**
   * Fills {@code out} for an address of process {@code pid}; {@code kernel}: the address is the
   * kernel's. Returns whether a symbol holds it.
   */
  public boolean resolve(int pid, long address, boolean kernel, Frame out) {
    if (kernel) {
      return kernelSymbols().resolve(address, out);
    }
    Mapping m = maps(pid).find(address);
    if (m == null || !m.fileBacked()) {
      PerfMap jit = jit(pid);
      if (jit.resolve(address, out)) {
        return true;
      }
      if (m == null) {
        out.set(address, null, 0, null);
      } else if (m.identity()) {
        // code in anonymous memory is JIT code: perf names its binary by the JIT's map file
        out.set(address, null, 0, jit.dso());
      } else {
        out.set(address, null, 0, m.path); // the vdso: the address in it
        out.mapped = address - m.start + m.pgoff;
      }
      return false;
    }
    BinarySymbols b = m.binary;
    if (b == null) {
      b = binary(m);
      m.binary = b;
    }
    long fileOffset = address - m.start + m.pgoff;
    long at = b.addressOfOffset(fileOffset);
    int i = at == -1 ? -1 : b.symbols().find(at);
    if (i < 0) {
      out.set(address, null, 0, m.path);
    } else {
      out.set(address, b.symbols().name(i), at - b.symbols().start(i), m.path);
      out.binary = b;
      out.binaryAddress = at;
    }
    out.mapped = fileOffset;
    return i >= 0;
  }

  /**
   * Fills {@code names} with the functions the DWARF says are inlined at a resolved user frame,
   * innermost first, then the function holding them (as perf lists them: a last name that is not
   * the frame's symbol is the DWARF's name for it, printed as inlined too); returns how many (0:
   * none known, or the frame has no symbol). The binary's DWARF is read on its first frame here.
   *
   * @param caller the frame is a caller's (its address is a return address: the call before it is
   *     looked up)
   */
  public int inlined(Frame frame, boolean caller, String[] names) {
    BinarySymbols b = frame.binary;
    if (b == null || frame.symbol == null) {
      return 0;
    }
    InlineInfo info = inlines.get(b);
    if (info == null) {
      info =
          InlineInfo.load(
              Path.of(b.path()),
              elf -> BinarySymbols.debugFile(elf, Path.of(b.path()), b.buildId(), debugRoot),
              Demangler::demangle);
      inlines.put(b, info);
    }
    return info.lookup(caller ? frame.binaryAddress - 1 : frame.binaryAddress, names);
  }

  /**
   * Names a data address of process {@code pid} by the mapping that holds it: {@code out}'s dso is
   * the mapping's path and its {@link Frame#mapped()} the address in the mapped object (the address
   * itself for anonymous memory, the heap and the stack). Returns whether a mapping holds it (else
   * out's dso is null).
   */
  public boolean locate(int pid, long address, Frame out) {
    Mapping m = maps(pid).find(address);
    if (m == null) {
      out.set(address, null, 0, null);
      return false;
    }
    out.set(address, null, 0, m.path);
    out.mapped = m.identity() ? address : address - m.start + m.pgoff;
    return true;
  }

  /**
   * Fills {@code out} with the binary mapped at this user address and the address in it; false when
   * no file maps it (anonymous memory, JIT code) or no segment of the file loads it.
   */
  public boolean locate(int pid, long address, CodeAddress out) {
    Mapping m = maps(pid).find(address);
    if (m == null || !m.fileBacked()) {
      return false;
    }
    BinarySymbols b = m.binary;
    if (b == null) {
      b = binary(m);
      m.binary = b;
    }
    long at = b.addressOfOffset(address - m.start + m.pgoff);
    if (at == -1) {
      return false;
    }
    out.path = m.path;
    out.key = m.key;
    out.binaryAddress = at;
    out.binary = b;
    return true;
  }

  /**
   * The symbols of a binary, read on first use (a problem reading it leaves it without symbols).
   */
  public BinarySymbols binary(String path, String key) {
    return binaries.computeIfAbsent(
        key != null ? key : path, k -> BinarySymbols.load(Path.of(path), debugRoot));
  }

  private BinarySymbols binary(Mapping m) {
    Path file = Path.of(m.path);
    if (procRoot != null && !Files.exists(file)) {
      return BinarySymbols.unreadable(m.path, "no such file");
    }
    return binary(m.path, m.key);
  }

  private ProcessMaps maps(int pid) {
    ProcessMaps m = processes.get(pid);
    if (m == null) {
      m = procRoot == null ? new ProcessMaps() : readMaps(pid);
      processes.put(pid, m);
    }
    return m;
  }

  private ProcessMaps readMaps(int pid) {
    try {
      return ProcessMaps.read(procRoot.resolve(Integer.toString(pid)).resolve("maps"));
    } catch (IOException e) {
      return new ProcessMaps(); // the process ended: its records' mappings are all there is
    }
  }

  private PerfMap jit(int pid) {
    PerfMap m = jitMaps.get(pid);
    if (m == null) {
      m = new PerfMap(jitMapDir.resolve("perf-" + pid + ".map"));
      jitMaps.put(pid, m);
    }
    return m;
  }

  private KernelSymbols kernelSymbols() {
    if (kernel == null) {
      try (Reader r =
          kallsymsSource != null
              ? kallsymsSource
              : new InputStreamReader(
                  Files.newInputStream(Path.of("/proc/kallsyms")), StandardCharsets.US_ASCII)) {
        kernel = KernelSymbols.read(r);
      } catch (IOException e) {
        kernel = KernelSymbols.NONE;
      }
    }
    return kernel;
  }
}
