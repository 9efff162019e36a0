package dev.jtrace.abi.model;

import java.util.List;

/**
 * The syscall numbers of one arch ABI.
 *
 * @param arch jtrace's arch name: x86_64, i386, arm64, arm, powerpc64, powerpc32, s390x, mips64,
 *     riscv64
 * @param source the tree path it was derived from
 * @param entries sorted by number
 */
public record SyscallTableFacts(String arch, String source, List<SyscallEntry> entries) {
  public SyscallTableFacts {
    entries = List.copyOf(entries);
  }
}
