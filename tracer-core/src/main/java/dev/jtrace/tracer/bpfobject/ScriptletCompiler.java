package dev.jtrace.tracer.bpfobject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles {@code -e file.c} with clang ({@code -target bpf -O2 -g -c}) against the helper header
 * jtrace ships ({@code bpf.h}: SEC, __uint/__type, the helpers by number, {@code __bpf_stdout__}),
 * into a cache directory keyed by the source's content. A compile error reports the compiler's
 * lines, then {@code ERROR: unable to compile file.c} and {@code Hint:} lines, as perf does.
 */
public final class ScriptletCompiler {
  private static final String HEADER = "include/bpf.h";
  private static final long COMPILE_TIMEOUT_S = 120;

  private final Path cacheDir;
  private final String clang;

  public ScriptletCompiler(Path cacheDir, String clang) {
    this.cacheDir = cacheDir;
    this.clang = clang;
  }

  /** The cache under $XDG_CACHE_HOME (else ~/.cache) and the clang on PATH. */
  public static ScriptletCompiler standard() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return new ScriptletCompiler(base.resolve("jtrace").resolve("bpf"), "clang");
  }

  /** The directory holding jtrace's bpf.h (written there on first use). */
  public Path includeDir() throws IOException {
    Path dir = cacheDir.resolve("include");
    Path header = dir.resolve("bpf.h");
    try (InputStream in = ScriptletCompiler.class.getResourceAsStream(HEADER)) {
      if (in == null) {
        throw new IOException("jtrace's " + HEADER + " is missing from its classpath");
      }
      byte[] bytes = in.readAllBytes();
      if (!Files.exists(header) || !java.util.Arrays.equals(Files.readAllBytes(header), bytes)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "bpf", ".h");
        Files.write(tmp, bytes);
        Files.move(
            tmp, header, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return dir;
  }

  /** The command that compiles source into out. */
  public List<String> command(Path source, Path out) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(clang);
    cmd.addAll(List.of("-target", "bpf", "-O2", "-g", "-c", source.toString()));
    cmd.add("-I" + includeDir());
    // <linux/types.h> includes <asm/types.h>, which Debian keeps under the multiarch directory
    Path multiarch =
        Path.of(
            "/usr/include",
            System.getProperty("os.arch").replace("amd64", "x86_64") + "-linux-gnu");
    if (Files.isDirectory(multiarch)) {
      cmd.add("-I" + multiarch);
    }
    cmd.add("-DLINUX_VERSION_CODE=" + linuxVersionCode());
    cmd.addAll(List.of("-o", out.toString()));
    return cmd;
  }

  /** Compiles the source (or reuses the object of the same source) and returns the object. */
  public Path compile(Path source) throws BpfObjectException {
    byte[] text;
    try {
      text = Files.readAllBytes(source);
    } catch (IOException e) {
      throw new BpfObjectException(source + ": cannot read: " + e.getMessage());
    }
    String key;
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(text);
      sha.update(source.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
      key = HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String name = source.getFileName().toString();
    Path out = cacheDir.resolve(name.substring(0, name.length() - 2) + "-" + key + ".o");
    if (Files.exists(out)) {
      return out;
    }
    Process p;
    List<String> cmd;
    try {
      Files.createDirectories(cacheDir);
      cmd = command(source, out.resolveSibling(out.getFileName() + ".tmp"));
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new BpfObjectException(
          source
              + ": cannot run "
              + clang
              + " ("
              + e.getMessage()
              + "): install clang and llvm (apt-get install clang llvm), or pass a compiled .o");
    }
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(COMPILE_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new BpfObjectException(
            source + ": clang did not finish in " + COMPILE_TIMEOUT_S + " s");
      }
    } catch (IOException | InterruptedException e) {
      p.destroyForcibly();
      throw new BpfObjectException(source + ": compiling failed: " + e.getMessage());
    }
    if (p.exitValue() != 0) {
      throw new BpfObjectException(
          output.stripTrailing()
              + "\nERROR: unable to compile "
              + source
              + "\nHint: Check error message shown above."
              + "\nHint: You can also pre-compile it into .o using:"
              + "\n  clang -target bpf -O2 -g -c "
              + source
              + " -I"
              + cmd.get(7).substring(2)
              + "\n  with proper -I and -D options.");
    }
    try {
      Files.move(
          out.resolveSibling(out.getFileName() + ".tmp"), out, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BpfObjectException(source + ": cannot keep the object: " + e.getMessage());
    }
    return out;
  }

  /** The running kernel's version as LINUX_VERSION_CODE encodes it (major << 16 | minor << 8). */
  static int linuxVersionCode() {
    String release = System.getProperty("os.version", "0.0");
    String[] parts = release.split("[.\\-+]");
    int major = parts.length > 0 ? parseOr0(parts[0]) : 0;
    int minor = parts.length > 1 ? parseOr0(parts[1]) : 0;
    int patch = parts.length > 2 ? Math.min(255, parseOr0(parts[2])) : 0;
    return (major << 16) | (minor << 8) | patch;
  }

  private static int parseOr0(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
