package dev.jtrace.tracer.bpf;

import dev.jtrace.tracer.perf.NativeCalls;
import dev.jtrace.tracer.perf.PerfException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The bpf(2) commands the string capture needs, through {@link NativeCalls#bpf}; failures become
 * {@link PerfException}s with the errno text (and the verifier's log for a rejected program).
 */
final class Bpf {
  private static final int MAP_CREATE = 0;
  private static final int MAP_UPDATE_ELEM = 2;
  private static final int PROG_LOAD = 5;
  private static final int ATTR_SIZE = 128;

  static final int MAP_HASH = 1;
  static final int MAP_ARRAY = 2;
  static final int MAP_PERF_EVENT_ARRAY = 4;
  static final int MAP_PERCPU_ARRAY = 6;
  static final int PROG_TRACEPOINT = 5;

  private Bpf() {}

  private static int bpf(String what, int cmd, MemorySegment attr) throws PerfException {
    return NativeCalls.bpf(what, cmd, attr, ATTR_SIZE);
  }

  /** Creates a map and returns its fd. */
  static int createMap(int type, int keySize, int valueSize, int maxEntries) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, type);
      attr.set(ValueLayout.JAVA_INT, 4, keySize);
      attr.set(ValueLayout.JAVA_INT, 8, valueSize);
      attr.set(ValueLayout.JAVA_INT, 12, maxEntries);
      return bpf("bpf(BPF_MAP_CREATE)", MAP_CREATE, attr);
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

  /** Loads a program; a verifier rejection carries the verifier's log in the message. */
  static int loadProgram(int type, long[] insns, String name) throws PerfException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment code = a.allocate(ValueLayout.JAVA_LONG, insns.length);
      for (int i = 0; i < insns.length; i++) {
        code.setAtIndex(ValueLayout.JAVA_LONG, i, insns[i]);
      }
      // bpf_probe_read_user_str and bpf_perf_event_output are offered to GPL-compatible programs
      // only.
      MemorySegment license = a.allocateFrom("GPL");
      int logSize = 1 << 16;
      MemorySegment log = a.allocate(logSize);
      MemorySegment attr = a.allocate(ATTR_SIZE, 8);
      attr.set(ValueLayout.JAVA_INT, 0, type);
      attr.set(ValueLayout.JAVA_INT, 4, insns.length);
      attr.set(ValueLayout.JAVA_LONG, 8, code.address());
      attr.set(ValueLayout.JAVA_LONG, 16, license.address());
      attr.set(ValueLayout.JAVA_INT, 24, 1);
      attr.set(ValueLayout.JAVA_INT, 28, logSize);
      attr.set(ValueLayout.JAVA_LONG, 32, log.address());
      byte[] n = name.getBytes(StandardCharsets.US_ASCII);
      MemorySegment.copy(n, 0, attr, ValueLayout.JAVA_BYTE, 48, Math.min(n.length, 15));
      try {
        return bpf("bpf(BPF_PROG_LOAD) " + name, PROG_LOAD, attr);
      } catch (PerfException e) {
        String verifier = log.getString(0).strip();
        String last = verifier.isEmpty() ? "" : verifier.substring(verifier.lastIndexOf('\n') + 1);
        throw new PerfException(
            e.getMessage() + (last.isEmpty() ? "" : " (verifier: " + last + ")"), e.errno());
      }
    }
  }
}
