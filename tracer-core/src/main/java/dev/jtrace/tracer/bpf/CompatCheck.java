package dev.jtrace.tracer.bpf;

import static dev.jtrace.tracer.bpf.BpfAssembler.R0;
import static dev.jtrace.tracer.bpf.BpfAssembler.R1;
import static dev.jtrace.tracer.bpf.BpfAssembler.R10;
import static dev.jtrace.tracer.bpf.BpfAssembler.R2;
import static dev.jtrace.tracer.bpf.BpfAssembler.R3;
import static dev.jtrace.tracer.bpf.BpfAssembler.R6;
import static dev.jtrace.tracer.bpf.BpfAssembler.R9;
import static dev.jtrace.tracer.bpf.BpfAssembler.W;

import dev.jtrace.beauty.Arch;
import dev.jtrace.tracer.btf.Btf;
import dev.jtrace.tracer.btf.BtfException;
import dev.jtrace.tracer.btf.HostBtf;
import dev.jtrace.tracer.event.CompatAbi;
import java.io.IOException;
import java.util.concurrent.FutureTask;

/**
 * Tells, inside a BPF program at sys_enter, whether the current call is a 32-bit compat one: on
 * x86_64 the kernel sets {@code TS_COMPAT} in {@code current->thread_info.status} for the length of
 * every int 0x80 / sysenter / ia32 syscall (and clears it on the way back to user space), which is
 * what the kernel's own {@code in_ia32_syscall()} reads. The syscall number alone cannot say it:
 * i386's getpid is 20, x86_64's writev.
 *
 * <p>The member's offset comes from the running kernel's BTF ({@code
 * task_struct.thread_info.status}), never from a fixed layout. {@code TS_COMPAT} itself is a {@code
 * #define} (0x0002 in the kernel's arch/x86/include/asm/thread_info.h), so BTF has no value for it:
 * {@link #TS_COMPAT} is that value, used unless a kernel's BTF carries an enumerator of the name.
 *
 * <p>Any capture program calls {@link #emit} where it needs the answer; the string capture emits a
 * {@link StringCapture#COMPAT_MARKER} sample with it, a paired capture can keep it in its record.
 */
public final class CompatCheck {
  /** x86's TS_COMPAT status bit (arch/x86/include/asm/thread_info.h: "32bit syscall active"). */
  public static final int TS_COMPAT = 0x0002;

  private static final int HELPER_GET_CURRENT_TASK = 35;
  private static final int HELPER_PROBE_READ_KERNEL = 113;

  /** The host's check being read on a thread of its own ({@link #readAhead}), or null. */
  private static volatile ReadAhead pending;

  private record ReadAhead(Arch arch, FutureTask<CompatCheck> task) {}

  private final int statusOffset;
  private final int compatMask;

  private CompatCheck(int statusOffset, int compatMask) {
    this.statusOffset = statusOffset;
    this.compatMask = compatMask;
  }

  /**
   * The check for a kernel of that arch with that BTF, or null when the arch has no compat ABI
   * jtrace can tell apart.
   */
  public static CompatCheck of(Arch arch, Btf btf) throws BtfException {
    if (CompatAbi.compatArch(arch) != Arch.I386) {
      return null;
    }
    int offset = btf.memberOffset("task_struct", "thread_info.status");
    return new CompatCheck(offset, (int) btf.enumValue("TS_COMPAT").orElse(TS_COMPAT));
  }

  /**
   * Starts reading the running kernel's BTF for {@link #forHost} on a daemon thread: reading and
   * indexing its 5 MB takes tens of milliseconds, which then overlap the tracer's other start-up
   * steps instead of adding to them.
   */
  public static void readAhead(Arch arch) {
    if (CompatAbi.compatArch(arch) == null) {
      return;
    }
    FutureTask<CompatCheck> task = new FutureTask<>(() -> of(arch, Btf.read(Btf.VMLINUX)));
    pending = new ReadAhead(arch, task);
    Thread.ofPlatform().daemon().name("jtrace-btf").start(task);
  }

  /**
   * The check for the running kernel, from {@link Btf#VMLINUX} (read ahead when {@link #readAhead}
   * was called for the arch), or null when the arch has no compat ABI.
   *
   * @throws IOException when the kernel exposes no BTF (the message says so)
   */
  public static CompatCheck forHost(Arch arch) throws IOException, BtfException {
    if (CompatAbi.compatArch(arch) == null) {
      return null;
    }
    ReadAhead ahead = pending;
    pending = null;
    if (ahead == null || ahead.arch() != arch) {
      return of(arch, Btf.read(Btf.VMLINUX));
    }
    return HostBtf.await(ahead.task());
  }

  /** Where {@code thread_info.status} lies in {@code task_struct}. */
  public int statusOffset() {
    return statusOffset;
  }

  /** The status bit of a compat call. */
  public int compatMask() {
    return compatMask;
  }

  /** As {@link #emit(BpfAssembler, int, int, int, int)} with this kernel's offset and bit. */
  void emit(BpfAssembler a, int dst, int stackSlot) {
    emit(a, dst, stackSlot, statusOffset, compatMask);
  }

  /**
   * Emits code that leaves in {@code dst} a non-zero value for a compat call and 0 otherwise (also
   * when the task's memory cannot be read). No jumps, no labels: it can be emitted anywhere.
   *
   * @param dst a callee-saved register (R6–R9): the helpers clobber R0–R5, which this code uses
   * @param stackSlot a 4-byte stack slot of the program's own (a negative offset from R10)
   * @param statusOffset the offset of {@code thread_info.status} in {@code task_struct}
   * @param compatMask TS_COMPAT
   */
  static void emit(BpfAssembler a, int dst, int stackSlot, int statusOffset, int compatMask) {
    if (dst < R6 || dst > R9) {
      throw new IllegalArgumentException("the compat check needs a callee-saved register: R" + dst);
    }
    if (stackSlot > -4 || stackSlot < -512) {
      throw new IllegalArgumentException("no 4-byte stack slot at " + stackSlot);
    }
    a.call(HELPER_GET_CURRENT_TASK);
    a.movReg(R3, R0).aluImm(BpfAssembler.ADD, R3, statusOffset);
    a.movReg(R1, R10).aluImm(BpfAssembler.ADD, R1, stackSlot).movImm(R2, 4);
    // On failure the helper zeroes the slot, which then reads as "not compat".
    a.call(HELPER_PROBE_READ_KERNEL);
    a.load(W, dst, R10, stackSlot).aluImm(BpfAssembler.AND, dst, compatMask);
  }
}
