package dev.jtrace.abi.cheader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arch a header is read for, as the compiler would predefine it, with {@code __KERNEL__}
 * undefined.
 *
 * @param dir the kernel's arch directory name, e.g. {@code x86}
 * @param predefined object-like macros the compiler (and headers_install) provide, name to
 *     replacement
 */
public record TargetArch(String dir, Map<String, String> predefined) {
  public TargetArch {
    predefined = Map.copyOf(predefined);
  }

  public static final TargetArch X86_64 =
      of("x86", true, false, "__x86_64__", "__x86_64", "__amd64__", "__amd64");

  /** A 32-bit x86 program (and an ia32 task on x86_64): the x86 headers with {@code __i386__}. */
  public static final TargetArch I386 = of("x86", false, false, "__i386__", "__i386", "i386");

  /** How this arch lays out structs: from its predefined sizes, i386's own alignments. */
  public DataModel dataModel() {
    if (predefined.containsKey("__i386__")) {
      return DataModel.ILP32_I386;
    }
    return "4".equals(predefined.get("__SIZEOF_LONG__")) ? DataModel.ILP32 : DataModel.LP64;
  }

  /** Generic headers are read for x86_64; a header under {@code arch/<a>/} for that arch. */
  public static TargetArch forTreePath(String treePath) {
    if (!treePath.startsWith("arch/")) {
      return X86_64;
    }
    int slash = treePath.indexOf('/', 5);
    return forDir(slash < 0 ? treePath.substring(5) : treePath.substring(5, slash));
  }

  public static TargetArch forDir(String dir) {
    return switch (dir) {
      case "x86" -> X86_64;
      case "arm64" -> of(dir, true, false, "__aarch64__", "__AARCH64EL__");
      case "arm" -> of(dir, false, false, "__arm__", "__ARM_EABI__", "__ARMEL__");
      case "powerpc" -> of(dir, true, true, "__powerpc__", "__powerpc64__", "__PPC__", "__PPC64__");
      case "s390" -> of(dir, true, true, "__s390__", "__s390x__");
      case "mips" ->
          of(
              dir,
              true,
              true,
              "__mips__",
              "__mips64",
              "__MIPSEB__",
              "_MIPS_SIM_ABI32=1",
              "_MIPS_SIM_NABI32=2",
              "_MIPS_SIM_ABI64=3",
              "_MIPS_SIM=3",
              "_MIPS_SZLONG=64",
              "_MIPS_SZPTR=64",
              "_MIPS_SZINT=32",
              "__mips=64");
      case "riscv" -> of(dir, true, false, "__riscv", "__riscv_xlen=64");
      case "alpha" -> of(dir, true, false, "__alpha__", "__alpha");
      case "parisc" -> of(dir, false, true, "__hppa__", "__hppa");
      case "sparc" -> of(dir, true, true, "__sparc__", "__sparc", "__sparc_v9__", "__arch64__");
      case "xtensa" -> of(dir, false, false, "__XTENSA__", "__XTENSA_EL__");
      case "loongarch" ->
          of(dir, true, false, "__loongarch__", "__loongarch64", "__loongarch_grlen=64");
      default -> of(dir, true, false);
    };
  }

  private static TargetArch of(String dir, boolean lp64, boolean bigEndian, String... macros) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("__linux__", "1");
    m.put("__linux", "1");
    m.put("__unix__", "1");
    m.put("__STDC__", "1");
    m.put("__STDC_VERSION__", "201710L");
    m.put("__GNUC__", "12");
    m.put("__GNUC_MINOR__", "2");
    m.put("__CHAR_BIT__", "8");
    m.put("__SIZEOF_SHORT__", "2");
    m.put("__SIZEOF_INT__", "4");
    m.put("__SIZEOF_LONG_LONG__", "8");
    m.put("__SIZEOF_LONG__", lp64 ? "8" : "4");
    m.put("__SIZEOF_POINTER__", lp64 ? "8" : "4");
    if (lp64) {
      m.put("__LP64__", "1");
      m.put("_LP64", "1");
    }
    m.put("__ORDER_LITTLE_ENDIAN__", "1234");
    m.put("__ORDER_BIG_ENDIAN__", "4321");
    m.put("__ORDER_PDP_ENDIAN__", "3412");
    m.put("__BYTE_ORDER__", bigEndian ? "__ORDER_BIG_ENDIAN__" : "__ORDER_LITTLE_ENDIAN__");
    // What scripts/headers_install.sh does to the tree's UAPI headers.
    m.put("__EXPORTED_HEADERS__", "1");
    m.put("__user", "");
    m.put("__force", "");
    m.put("__iomem", "");
    m.put("__attribute_const__", "");
    m.put("__packed", "__attribute__((packed))");
    for (String macro : macros) {
      int eq = macro.indexOf('=');
      if (eq < 0) {
        m.put(macro, "1");
      } else {
        m.put(macro.substring(0, eq), macro.substring(eq + 1));
      }
    }
    return new TargetArch(dir, m);
  }
}
