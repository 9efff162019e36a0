package dev.jtrace.tracer.bpf;

import dev.jtrace.beauty.Arch;
import java.util.Optional;

/**
 * Where a syscall's arguments and number sit in the arch's {@code struct pt_regs}, which is what a
 * raw syscall tracepoint hands its programs (arch/x86/include/asm/ptrace.h, arch/arm64/...: our own
 * notes of the offsets, checked by the live tests).
 *
 * @param size bytes read from the start of pt_regs (covers every offset below)
 * @param args the six arguments' offsets
 * @param nr the syscall number's offset (x86_64's orig_ax, arm64's syscallno)
 * @param compatArgs the ia32 arguments' offsets (ebx, ecx, edx, esi, edi, ebp), or null
 */
record SyscallRegs(int size, int[] args, int nr, int[] compatArgs) {
  static Optional<SyscallRegs> of(Arch arch) {
    return switch (arch) {
      case X86_64 ->
          Optional.of(
              new SyscallRegs(
                  128,
                  new int[] {112, 104, 96, 56, 72, 64},
                  120,
                  new int[] {40, 88, 96, 104, 112, 32}));
      // orig_x0 holds the first argument (x0 becomes the return value), then x1-x5
      case ARM64 ->
          Optional.of(new SyscallRegs(288, new int[] {272, 8, 16, 24, 32, 40}, 280, null));
      default -> Optional.empty();
    };
  }
}
