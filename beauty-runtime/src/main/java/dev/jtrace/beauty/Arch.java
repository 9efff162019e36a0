package dev.jtrace.beauty;

import java.util.Locale;
import java.util.Optional;

/** The architectures whose syscall and errno numbering jtrace knows. */
public enum Arch {
  X86_64("x86_64", ErrnoFamily.GENERIC, 64),
  I386("i386", ErrnoFamily.GENERIC, 32),
  ARM64("arm64", ErrnoFamily.GENERIC, 64),
  ARM("arm", ErrnoFamily.GENERIC, 32),
  POWERPC64("powerpc64", ErrnoFamily.POWERPC, 64),
  POWERPC32("powerpc32", ErrnoFamily.POWERPC, 32),
  S390X("s390x", ErrnoFamily.GENERIC, 64),
  MIPS64("mips64", ErrnoFamily.MIPS, 64),
  RISCV64("riscv64", ErrnoFamily.GENERIC, 64);

  /**
   * Errno numbering differs between these families; x86, arm, s390 and riscv use the generic one.
   */
  public enum ErrnoFamily {
    GENERIC,
    SPARC,
    POWERPC,
    PARISC,
    MIPS,
    ALPHA
  }

  private final String id;
  private final ErrnoFamily errnoFamily;
  private final int bits;

  Arch(String id, ErrnoFamily errnoFamily, int bits) {
    this.id = id;
    this.errnoFamily = errnoFamily;
    this.bits = bits;
  }

  /** The name used in the snapshot and on the command line, e.g. {@code x86_64}. */
  public String id() {
    return id;
  }

  public ErrnoFamily errnoFamily() {
    return errnoFamily;
  }

  public int bits() {
    return bits;
  }

  /**
   * Maps a jtrace arch name or a {@code uname -m} / perf.data HEADER_ARCH string (aarch64, i686,
   * armv7l, ppc64le, mips64, …) to an arch.
   */
  public static Optional<Arch> parse(String s) {
    String m = s.trim().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(
        switch (m) {
          case "x86_64", "amd64", "x86-64" -> X86_64;
          case "i386", "i486", "i586", "i686", "x86" -> I386;
          case "arm64", "aarch64" -> ARM64;
          case "ppc64", "ppc64le", "powerpc64", "powerpc", "ppc64el" -> POWERPC64;
          case "ppc", "ppc32", "powerpc32" -> POWERPC32;
          case "s390x", "s390" -> S390X;
          case "mips64", "mips64el", "mips" -> MIPS64;
          case "riscv64", "riscv" -> RISCV64;
          default -> m.startsWith("arm") ? ARM : null;
        });
  }

  /** The arch this JVM runs on. */
  public static Arch host() {
    return parse(System.getProperty("os.arch")).orElse(X86_64);
  }
}
