package dev.jtrace.tracer.event;

/**
 * What each tracepoint id (a sample's common_type) means to the decoder: a syscall entry or exit, and for
 * the per-syscall {@code syscalls:sys_enter_NAME} events how many argument fields the format declares.
 */
public final class SyscallTracepoints {
  private static final int MAX_ID = 1 << 16;
  /** 0: unknown, 1: enter, 2: exit. */
  private final byte[] kind = new byte[MAX_ID];
  private final byte[] argCount = new byte[MAX_ID];

  /** Registers raw_syscalls:sys_enter / sys_exit (six args). */
  public void addRaw(long enterId, long exitId) {
    addEnter(enterId, 6);
    addExit(exitId);
  }

  public void addEnter(long id, int args) {
    kind[(int) id] = 1;
    argCount[(int) id] = (byte) args;
  }

  public void addExit(long id) {
    kind[(int) id] = 2;
  }

  boolean isEnter(int commonType) {
    return kind[commonType & 0xffff] == 1;
  }

  boolean isExit(int commonType) {
    return kind[commonType & 0xffff] == 2;
  }

  int argCount(int commonType) {
    return argCount[commonType & 0xffff];
  }
}
