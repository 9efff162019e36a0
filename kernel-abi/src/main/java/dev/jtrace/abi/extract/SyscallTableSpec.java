package dev.jtrace.abi.extract;

import java.util.List;
import java.util.Set;

/**
 * Where the kernel keeps one arch ABI's syscall numbers.
 *
 * @param arch jtrace's arch name
 * @param archDir the kernel's arch directory
 * @param table the .tbl tree path
 * @param abis the ABI column values that belong to this arch ABI
 * @param base added to every number (mips n64 starts at 5000)
 * @param abisMakefile for arches on the generic scripts/syscall.tbl: the Makefile naming their
 *     extra ABIs
 */
public record SyscallTableSpec(
    String arch, String archDir, String table, Set<String> abis, int base, String abisMakefile) {
  public SyscallTableSpec {
    abis = Set.copyOf(abis);
  }

  /** The arch ABIs jtrace decodes. */
  public static final List<SyscallTableSpec> ALL =
      List.of(
          new SyscallTableSpec(
              "x86_64",
              "x86",
              "arch/x86/entry/syscalls/syscall_64.tbl",
              Set.of("common", "64"),
              0,
              null),
          new SyscallTableSpec(
              "i386", "x86", "arch/x86/entry/syscalls/syscall_32.tbl", Set.of("i386"), 0, null),
          new SyscallTableSpec(
              "arm64",
              "arm64",
              "scripts/syscall.tbl",
              Set.of("common", "64"),
              0,
              "arch/arm64/kernel/Makefile.syscalls"),
          new SyscallTableSpec(
              "arm", "arm", "arch/arm/tools/syscall.tbl", Set.of("common", "eabi"), 0, null),
          new SyscallTableSpec(
              "powerpc64",
              "powerpc",
              "arch/powerpc/kernel/syscalls/syscall.tbl",
              Set.of("common", "64", "nospu"),
              0,
              null),
          new SyscallTableSpec(
              "powerpc32",
              "powerpc",
              "arch/powerpc/kernel/syscalls/syscall.tbl",
              Set.of("common", "32", "nospu"),
              0,
              null),
          new SyscallTableSpec(
              "s390x",
              "s390",
              "arch/s390/kernel/syscalls/syscall.tbl",
              Set.of("common", "64"),
              0,
              null),
          new SyscallTableSpec(
              "mips64",
              "mips",
              "arch/mips/kernel/syscalls/syscall_n64.tbl",
              Set.of("common", "n64"),
              5000,
              null),
          new SyscallTableSpec(
              "riscv64",
              "riscv",
              "scripts/syscall.tbl",
              Set.of("common", "64"),
              0,
              "arch/riscv/kernel/Makefile.syscalls"));
}
