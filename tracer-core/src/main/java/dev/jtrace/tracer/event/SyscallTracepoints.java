package dev.jtrace.tracer.event;

import dev.jtrace.perfdata.tracing.FieldFormat;
import dev.jtrace.perfdata.tracing.SyscallFields;

/**
 * What each tracepoint id (a sample's common_type) means to the decoder: a syscall entry or exit,
 * and for the per-syscall {@code syscalls:sys_enter_NAME} events how many argument fields the
 * format declares.
 */
public final class SyscallTracepoints {
  /** Within a syscall tracepoint's raw data: common_type (u16), the first common field. */
  public static final int RAW_COMMON_TYPE = 0;

  /**
   * raw_syscalls' {@code id} / syscalls:*'s {@code __syscall_nr} (read as s32 for both:
   * little-endian).
   */
  public static final int RAW_NR = 8;

  /** The first argument (sys_enter) or the return value (sys_exit), u64 each. */
  public static final int RAW_ARGS = 16;

  private static final int MAX_ID = 1 << 16;

  /** 0: unknown, 1: enter, 2: exit. */
  private final byte[] kind = new byte[MAX_ID];

  private final byte[] argCount = new byte[MAX_ID];

  /**
   * Per id, for entries whose kernel copies arguments' user memory into the event (6.19+), the
   * offset of each argument's {@code __data_loc} field (0: not copied); null for most ids.
   */
  private final int[][] copyOffsets = new int[MAX_ID][];

  /** Registers raw_syscalls:sys_enter / sys_exit (six args). */
  public void addRaw(long enterId, long exitId) {
    addEnter(enterId, 6);
    addExit(exitId);
  }

  public void addEnter(long id, int args) {
    kind[(int) id] = 1;
    argCount[(int) id] = (byte) args;
  }

  /** Registers the copies the kernel appends to entry id's records ({@link SyscallFields}). */
  public void addCopies(long id, SyscallFields fields) {
    if (!fields.hasCopies()) {
      return;
    }
    int[] offsets = new int[6];
    for (int i = 0; i < offsets.length; i++) {
      FieldFormat f = fields.copy(i);
      offsets[i] = f == null ? 0 : f.offset();
    }
    copyOffsets[(int) id] = offsets;
  }

  /** Per argument, the offset of its copy's {@code __data_loc} field (0: none), or null. */
  public int[] copyOffsets(int commonType) {
    return copyOffsets[commonType & 0xffff];
  }

  public void addExit(long id) {
    kind[(int) id] = 2;
  }

  public boolean isEnter(int commonType) {
    return kind[commonType & 0xffff] == 1;
  }

  public boolean isExit(int commonType) {
    return kind[commonType & 0xffff] == 2;
  }

  public int argCount(int commonType) {
    return argCount[commonType & 0xffff];
  }
}
