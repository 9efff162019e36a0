package dev.jtrace.abi.extract;

import dev.jtrace.abi.cheader.HeaderSource;
import dev.jtrace.abi.cheader.TargetArch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel to read facts from: a source tree ({@code include/uapi/…}, {@code arch/…}) or an
 * installed-headers prefix ({@code include/linux}, {@code include/asm-generic}, {@code
 * include/<triplet>/asm}, as Debian's linux-libc-dev installs them). Either way files are named by
 * their source-tree path, so snapshots made from both compare.
 */
public final class KernelTree implements HeaderSource {
  private static final Map<String, String> TRIPLETS =
      Map.of(
          "x86",
          "x86_64-linux-gnu",
          "arm64",
          "aarch64-linux-gnu",
          "arm",
          "arm-linux-gnueabihf",
          "powerpc",
          "powerpc64le-linux-gnu",
          "s390",
          "s390x-linux-gnu",
          "mips",
          "mips64el-linux-gnuabi64",
          "riscv",
          "riscv64-linux-gnu",
          "alpha",
          "alpha-linux-gnu",
          "sparc",
          "sparc64-linux-gnu",
          "loongarch",
          "loongarch64-linux-gnu");
  private static final Pattern UAPI = Pattern.compile("include/uapi/(.*)");
  private static final Pattern ARCH_UAPI = Pattern.compile("arch/([^/]+)/include/uapi/asm/(.*)");

  private final Path root;
  private final Path installedInclude;
  private final String installedArch;

  private KernelTree(Path root, Path installedInclude) {
    this.root = root;
    this.installedInclude = installedInclude;
    this.installedArch = installedArch(root);
  }

  /**
   * The arch whose headers a plain {@code include/asm} holds: a cross prefix names its triplet
   * ({@code /usr/aarch64-linux-gnu}); otherwise the host's x86.
   */
  private static String installedArch(Path dir) {
    for (Path part : dir.toAbsolutePath().normalize()) {
      for (Map.Entry<String, String> t : TRIPLETS.entrySet()) {
        if (part.toString().equals(t.getValue())) {
          return t.getKey();
        }
      }
    }
    return "x86";
  }

  /**
   * Opens a source tree, an installed prefix ({@code /usr}) or an include dir ({@code
   * /usr/include}).
   */
  public static KernelTree open(Path dir) {
    if (Files.isDirectory(dir.resolve("include/uapi"))) {
      return new KernelTree(dir, null);
    }
    if (Files.isDirectory(dir.resolve("include/linux"))
        && Files.isDirectory(dir.resolve("include/asm-generic"))) {
      return new KernelTree(dir, dir.resolve("include"));
    }
    if (Files.isDirectory(dir.resolve("linux")) && Files.isDirectory(dir.resolve("asm-generic"))) {
      return new KernelTree(dir, dir);
    }
    throw new IllegalArgumentException(
        dir
            + ": expected a kernel source tree (include/uapi) or an installed"
            + " headers prefix (include/linux, include/asm-generic)");
  }

  public Path root() {
    return root;
  }

  /** Where a tree path lives here, if it does. */
  public Optional<Path> file(String treePath) {
    Path p = null;
    if (installedInclude == null) {
      p = root.resolve(treePath);
    } else {
      Matcher u = UAPI.matcher(treePath);
      Matcher a = ARCH_UAPI.matcher(treePath);
      if (u.matches()) {
        p = installedInclude.resolve(u.group(1));
      } else if (a.matches()) {
        String triplet = TRIPLETS.get(a.group(1));
        Path t =
            triplet == null
                ? null
                : installedInclude.resolve(triplet).resolve("asm").resolve(a.group(2));
        if (t != null && Files.isRegularFile(t)) {
          p = t;
        } else if (a.group(1).equals(installedArch)) {
          p = installedInclude.resolve("asm").resolve(a.group(2));
        }
        if (p != null && isGeneratedWrapper(p, a.group(2))) {
          // the source tree has no such file: Kbuild made it, includes resolve to asm-generic
          p = null;
        }
      }
    }
    return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  private static final Pattern WRAPPER_LINE =
      Pattern.compile("\\s*#\\s*include\\s*<asm-generic/([^>]+)>\\s*");

  /** Kbuild's generated {@code asm/x.h} that only includes {@code asm-generic/x.h}. */
  private static boolean isGeneratedWrapper(Path p, String name) {
    try {
      if (!Files.isRegularFile(p) || Files.size(p) > 512) {
        return false;
      }
      String text = Files.readString(p).replaceAll("(?s)/\\*.*?\\*/", "");
      List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
      if (lines.size() != 1) {
        return false;
      }
      Matcher m = WRAPPER_LINE.matcher(lines.get(0));
      return m.matches() && m.group(1).equals(name);
    } catch (IOException e) {
      return false;
    }
  }

  public boolean exists(String treePath) {
    return file(treePath).isPresent();
  }

  @Override
  public Optional<String> resolve(String name, boolean angled, String includer, TargetArch arch) {
    if (!angled) {
      int slash = includer.lastIndexOf('/');
      String sibling = normalize((slash < 0 ? "" : includer.substring(0, slash + 1)) + name);
      if (exists(sibling)) {
        return Optional.of(sibling);
      }
    }
    // A kernel-internal header (include/linux/socket.h, arch/x86/include/asm/msr-index.h) sees the
    // kernel's
    // own include/ first; we follow it only into the few headers that just define constants (BIT()
    // & co.),
    // never into the rest of the kernel's internals.
    if (!includer.contains("/uapi/")
        && KERNEL_CONSTANT_HEADERS.contains(name)
        && exists("include/" + name)) {
      return Optional.of("include/" + name);
    }
    String candidate;
    if (name.startsWith("uapi/")) {
      candidate = "include/" + name;
    } else if (name.startsWith("asm/")) {
      String archFile = "arch/" + arch.dir() + "/include/uapi/" + name;
      if (exists(archFile)) {
        return Optional.of(archFile);
      }
      // Kbuild generates a wrapper that includes the asm-generic header of the same name.
      candidate = "include/uapi/asm-generic/" + name.substring(4);
    } else {
      candidate = "include/uapi/" + name;
    }
    if (exists(candidate)) {
      return Optional.of(candidate);
    }
    return Optional.empty();
  }

  private static final java.util.Set<String> KERNEL_CONSTANT_HEADERS =
      java.util.Set.of("linux/bits.h", "linux/const.h", "vdso/bits.h", "vdso/const.h");

  private static String normalize(String path) {
    return Path.of(path).normalize().toString();
  }

  @Override
  public String read(String treePath) {
    return new String(bytes(treePath), StandardCharsets.UTF_8);
  }

  public byte[] bytes(String treePath) {
    Path p =
        file(treePath)
            .orElseThrow(
                () ->
                    new UncheckedIOException(
                        new IOException(root + ": no " + treePath + " in this kernel tree")));
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String sha256(String treePath) {
    return sha256(bytes(treePath));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The version from the top Makefile of a source tree, or from {@code linux/version.h}'s
   * LINUX_VERSION_CODE of installed headers.
   */
  public String kernelVersion() {
    try {
      Path makefile = root.resolve("Makefile");
      if (installedInclude == null && Files.isRegularFile(makefile)) {
        String text = Files.readString(makefile);
        return field(text, "VERSION")
            + "."
            + field(text, "PATCHLEVEL")
            + "."
            + field(text, "SUBLEVEL")
            + field(text, "EXTRAVERSION");
      }
      Path version = installedInclude == null ? null : installedInclude.resolve("linux/version.h");
      if (version != null && Files.isRegularFile(version)) {
        Matcher m = Pattern.compile("LINUX_VERSION_CODE (\\d+)").matcher(Files.readString(version));
        if (m.find()) {
          long code = Long.parseLong(m.group(1));
          return (code >> 16) + "." + ((code >> 8) & 0xff) + "." + (code & 0xff);
        }
      }
      return "unknown";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String field(String makefile, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\s*=[ \\t]*(\\S*)").matcher(makefile);
    return m.find() ? m.group(1) : "";
  }
}
