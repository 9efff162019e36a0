package dev.jtrace.tracer.bpf;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bpf(2) commands the string capture needs, through {@link NativeCalls#bpf}; failures become
 * {@link PerfException}s with the errno text (and the verifier's log for a rejected program).
 */
final class Bpf {
  private static final int MAP_CREATE = 0;
  private static final int MAP_LOOKUP_ELEM = 1;
  private static final int MAP_UPDATE_ELEM = 2;
  private static final int MAP_GET_NEXT_KEY = 4;
  private static final int PROG_LOAD = 5;
  private static final int OBJ_GET_INFO_BY_FD = 15;
  private static final int MAP_LOOKUP_BATCH = 24;
  private static final int RAW_TRACEPOINT_OPEN = 17;
  private static final int ATTR_SIZE = 128;
  private static final int ENOENT = 2;
  private static final int EPERM = 1;

  /**
   * The verifier gives up with EAGAIN when a signal is pending (a profiler's timer, the JVM's own
   * safepoint signals): the load is tried again, as libbpf does.
   */
  private static final int EAGAIN = 11;

  private static final int LOAD_ATTEMPTS = 5;

  static final int MAP_HASH = 1;
  static final int MAP_ARRAY = 2;
  static final int MAP_PERF_EVENT_ARRAY = 4;
  static final int MAP_PERCPU_ARRAY = 6;
  static final int MAP_RINGBUF = 27;
  static final int PROG_TRACEPOINT = 5;
  static final int PROG_RAW_TRACEPOINT = 17;

  /** BTF-typed programs: fentry, fexit, tp_btf (an attach type and a BTF id say where). */
  static final int PROG_TRACING = 26;

  /** Attach types of a {@link #PROG_TRACING} program (enum bpf_attach_type). */
  static final int TRACE_RAW_TP = 23;

  static final int TRACE_FENTRY = 24;
  static final int TRACE_FEXIT = 25;

  /** Map flag: elements are allocated when inserted, not all at creation. */
  static final int NO_PREALLOC = 1;

  private Bpf() {}

  private static int bpf(String what, int cmd, MemorySegment attr) throws PerfException {
    return NativeCalls.bpf(what, cmd, attr, ATTR_SIZE);
  }

  /** Creates a map and returns its fd. */
  static int createMap(int type, int keySize, int valueSize, int maxEntries) throws PerfException {
    return createMap(type, keySize, valueSize, maxEntries, 0);
  }

  /** Creates a map with map flags ({@link #NO_PREALLOC}) and returns its fd. */
  static int createMap(int type, int keySize, int valueSize, int maxEntries, int flags)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, type);
      attr.set(ValueLayout.JAVA_INT, 4, keySize);
      attr.set(ValueLayout.JAVA_INT, 8, valueSize);
      attr.set(ValueLayout.JAVA_INT, 12, maxEntries);
      attr.set(ValueLayout.JAVA_INT, 16, flags);
      return bpf("bpf(BPF_MAP_CREATE)", MAP_CREATE, attr);
    }
  }

  /**
   * Copies map[key] into value (as large as the map's value, times the CPU count for a per-CPU
   * map); returns false when the key is absent.
   */
  static boolean lookup(int mapFd, MemorySegment key, MemorySegment value) throws PerfException {
    return keyCommand("bpf(BPF_MAP_LOOKUP_ELEM)", MAP_LOOKUP_ELEM, mapFd, key, value);
  }

  /**
   * Writes the key after key (the first one when key is null) into next; returns false when there
   * is none.
   */
  static boolean nextKey(int mapFd, MemorySegment key, MemorySegment next) throws PerfException {
    return keyCommand("bpf(BPF_MAP_GET_NEXT_KEY)", MAP_GET_NEXT_KEY, mapFd, key, next);
  }

  /** What one {@link #lookupBatch} handed over: count entries, and whether they were the last. */
  record Batch(int count, boolean last) {}

  /**
   * BPF_MAP_LOOKUP_BATCH (Linux 5.6): copies up to capacity entries into keys and values (each
   * value rounded up to 8 bytes), resuming after the position in inBatch (null: from the start) and
   * writing the next position into outBatch (8 bytes for a hash map). Throws with ENOSPC when one
   * bucket holds more than capacity, and with EINVAL or ENOTSUPP where the kernel has no batches.
   */
  static Batch lookupBatch(
      int mapFd,
      MemorySegment inBatch,
      MemorySegment outBatch,
      MemorySegment keys,
      MemorySegment values,
      int capacity)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_LONG, 0, inBatch == null ? 0 : inBatch.address());
      attr.set(ValueLayout.JAVA_LONG, 8, outBatch.address());
      attr.set(ValueLayout.JAVA_LONG, 16, keys.address());
      attr.set(ValueLayout.JAVA_LONG, 24, values.address());
      attr.set(ValueLayout.JAVA_INT, 32, capacity);
      attr.set(ValueLayout.JAVA_INT, 36, mapFd);
      try {
        bpf("bpf(BPF_MAP_LOOKUP_BATCH)", MAP_LOOKUP_BATCH, attr);
        return new Batch(attr.get(ValueLayout.JAVA_INT, 32), false);
      } catch (PerfException e) {
        if (e.errno() == ENOENT) {
          return new Batch(attr.get(ValueLayout.JAVA_INT, 32), true);
        }
        throw e;
      }
    }
  }

  private static boolean keyCommand(
      String what, int cmd, int mapFd, MemorySegment key, MemorySegment out) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, mapFd);
      attr.set(ValueLayout.JAVA_LONG, 8, key == null ? 0 : key.address());
      attr.set(ValueLayout.JAVA_LONG, 16, out.address());
      bpf(what, cmd, attr);
      return true;
    } catch (PerfException e) {
      if (e.errno() == ENOENT) {
        return false;
      }
      throw e;
    }
  }

  /** Sets map[key] = value for any key and value sizes. */
  static void update(int mapFd, MemorySegment key, MemorySegment value) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, mapFd);
      attr.set(ValueLayout.JAVA_LONG, 8, key.address());
      attr.set(ValueLayout.JAVA_LONG, 16, value.address());
      bpf("bpf(BPF_MAP_UPDATE_ELEM)", MAP_UPDATE_ELEM, attr);
    }
  }

  /**
   * Attaches a raw tracepoint program to the named tracepoint; the returned fd holds the attachment
   * (closing it detaches).
   */
  static int attachRawTracepoint(String tracepoint, int progFd) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment name = a.allocateFrom(tracepoint);
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_LONG, 0, name.address());
      attr.set(ValueLayout.JAVA_INT, 8, progFd);
      return bpf("bpf(BPF_RAW_TRACEPOINT_OPEN) " + tracepoint, RAW_TRACEPOINT_OPEN, attr);
    }
  }

  /** Sets map[key] = value for a map with u32 keys and u32 values. */
  static void updateU32(int mapFd, int key, int value) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment k = a.allocate(ValueLayout.JAVA_INT);
      k.set(ValueLayout.JAVA_INT, 0, key);
      MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
      v.set(ValueLayout.JAVA_INT, 0, value);
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, mapFd);
      attr.set(ValueLayout.JAVA_LONG, 8, k.address());
      attr.set(ValueLayout.JAVA_LONG, 16, v.address());
      bpf("bpf(BPF_MAP_UPDATE_ELEM)", MAP_UPDATE_ELEM, attr);
    }
  }

  /**
   * Loads a program; a verifier rejection carries the end of the verifier's log in the message. The
   * first attempt asks for no log (a large program's log can overflow any buffer, which fails the
   * load); only a rejected program is loaded again to say why.
   */
  static int loadProgram(int type, long[] insns, String name) throws PerfException {
    return loadProgram(type, insns, name, "GPL", 0);
  }

  /** As {@link #loadProgram(int, long[], String)}, with an object's license and kernel version. */
  static int loadProgram(int type, long[] insns, String name, String license, int kernelVersion)
      throws PerfException {
    return loadProgram(new Target(type, 0, 0), insns, name, license, kernelVersion);
  }

  /**
   * Where a program goes, told at load: its type and, for a {@link #PROG_TRACING} program, the
   * attach type and the BTF id of the kernel function (or tracepoint typedef) it attaches to.
   */
  record Target(int type, int expectedAttachType, int attachBtfId) {}

  /** Loads a BTF-typed tracing program bound to the vmlinux BTF id of its target. */
  static int loadTracing(int attachType, int btfId, long[] insns, String name)
      throws PerfException {
    return loadProgram(new Target(PROG_TRACING, attachType, btfId), insns, name, "GPL", 0);
  }

  /**
   * As {@link #loadTracing}, without the second load that fetches the verifier's log on a refusal:
   * for a probe whose refusal is the answer.
   */
  static int probeTracing(int attachType, int btfId, long[] insns, String name)
      throws PerfException {
    return load(new Target(PROG_TRACING, attachType, btfId), insns, name, 0, "GPL", 0);
  }

  private static int loadProgram(
      Target target, long[] insns, String name, String license, int kernelVersion)
      throws PerfException {
    try {
      return load(target, insns, name, 0, license, kernelVersion);
    } catch (PerfException e) {
      if (e.errno() == EPERM) {
        throw e;
      }
      return load(target, insns, name, 1 << 20, license, kernelVersion);
    }
  }

  /**
   * Attaches a loaded tracing program (fentry, fexit, tp_btf) where its load said; the returned fd
   * holds the link.
   */
  static int attachTracing(int progFd, String what) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_LONG, 0, 0L); // no name: the program's BTF target
      attr.set(ValueLayout.JAVA_INT, 8, progFd);
      return bpf("bpf(BPF_RAW_TRACEPOINT_OPEN) " + what, RAW_TRACEPOINT_OPEN, attr);
    }
  }

  /** A link's kind (bpf_link_info's type: 1 raw tracepoint, 2 tracing) and attach type. */
  record LinkInfo(int type, int attachType, int targetBtfId) {
    static final int RAW_TRACEPOINT = 1;
    static final int TRACING = 2;
  }

  /** What the kernel says a link fd is. */
  static LinkInfo linkInfo(int linkFd) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment info = a.allocate(64, 8);
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, linkFd);
      attr.set(ValueLayout.JAVA_INT, 4, (int) info.byteSize());
      attr.set(ValueLayout.JAVA_LONG, 8, info.address());
      bpf("bpf(BPF_OBJ_GET_INFO_BY_FD)", OBJ_GET_INFO_BY_FD, attr);
      int type = info.get(ValueLayout.JAVA_INT, 0);
      return type == LinkInfo.TRACING
          ? new LinkInfo(
              type, info.get(ValueLayout.JAVA_INT, 16), info.get(ValueLayout.JAVA_INT, 24))
          : new LinkInfo(type, -1, 0);
    }
  }

  private static int load(
      Target target, long[] insns, String name, int logSize, String licenseText, int kernelVersion)
      throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment code = a.allocate(ValueLayout.JAVA_LONG, insns.length);
      for (int i = 0; i < insns.length; i++) {
        code.setAtIndex(ValueLayout.JAVA_LONG, i, insns[i]);
      }
      // bpf_probe_read_user_str and bpf_perf_event_output are offered to GPL-compatible programs
      // only.
      MemorySegment license = a.allocateFrom(licenseText);
      MemorySegment log = a.allocate(Math.max(1, logSize));
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, target.type());
      attr.set(ValueLayout.JAVA_INT, 4, insns.length);
      attr.set(ValueLayout.JAVA_LONG, 8, code.address());
      attr.set(ValueLayout.JAVA_LONG, 16, license.address());
      if (logSize > 0) {
        attr.set(ValueLayout.JAVA_INT, 24, 1);
        attr.set(ValueLayout.JAVA_INT, 28, logSize);
        attr.set(ValueLayout.JAVA_LONG, 32, log.address());
      }
      attr.set(ValueLayout.JAVA_INT, 40, kernelVersion);
      attr.set(ValueLayout.JAVA_INT, 68, target.expectedAttachType());
      attr.set(ValueLayout.JAVA_INT, 108, target.attachBtfId());
      byte[] n = name.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(n, 0, attr, ValueLayout.JAVA_BYTE, 48, Math.min(n.length, 15));
      try {
        for (int attempt = 1; ; attempt++) {
          try {
            return bpf("bpf(BPF_PROG_LOAD) " + name, PROG_LOAD, attr);
          } catch (PerfException e) {
            if (e.errno() != EAGAIN || attempt == LOAD_ATTEMPTS) {
              throw e;
            }
          }
        }
      } catch (PerfException e) {
        String verifier = logSize > 0 ? log.getString(0).strip() : "";
        throw new PerfException(
            e.getMessage() + (verifier.isEmpty() ? "" : " (verifier: " + tail(verifier) + ")"),
            e.errno());
      }
    }
  }

  /** The last lines of a verifier log: the failing instruction and the reason. */
  private static String tail(String log) {
    String[] lines = log.split("\n");
    int from = Math.max(0, lines.length - 3);
    return String.join(" | ", Arrays.copyOfRange(lines, from, lines.length));
  }
}
