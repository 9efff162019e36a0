package dev.jtrace.abi.cheader;

import java.util.List;

/**
 * How an arch's compiler sizes and aligns C's base types in structs (the psABI's data model).
 *
 * @param name as the layout facts name it
 * @param longSize {@code sizeof(long)}, also of pointers
 * @param longLongAlign the alignment of {@code long long} (and 8-byte {@code __u64}) in a struct
 * @param doubleAlign the alignment of {@code double} in a struct
 */
public record DataModel(String name, int longSize, int longLongAlign, int doubleAlign) {
  /** x86_64, arm64, riscv64, powerpc64, s390x, mips64 n64. */
  public static final DataModel LP64 = new DataModel("LP64", 8, 8, 8);

  /** arm EABI, powerpc32: 4-byte long and pointers, 8-byte types aligned to 8. */
  public static final DataModel ILP32 = new DataModel("ILP32", 4, 8, 8);

  /** i386 System V: as ILP32, but long long and double align to 4 inside structs. */
  public static final DataModel ILP32_I386 =
      new DataModel("ILP32, long long and double aligned to 4", 4, 4, 4);

  /** The pointer type of this model. */
  public CType pointer() {
    return new CType(longSize, longSize, true, true, false, "ptr", List.of());
  }
}
