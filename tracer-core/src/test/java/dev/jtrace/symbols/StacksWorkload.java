package dev.jtrace.symbols;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's call-stack workload (src/test/c/stacks.c), built with gcc into target/c once per
 * run, -O0 with frame pointers; the tests make stripped variants of it whose symbols live elsewhere
 * (a .gnu_debuglink file, MiniDebugInfo, a build-id debug file).
 */
public final class StacksWorkload {
  private static final Path SOURCE = module().resolve("src/test/c/stacks.c");
  private static final Path DIR = module().resolve("target/c");

  /** The functions jt_leaf calls up to, innermost first, as a stack shows them. */
  public static final List<String> CALLERS = List.of("jt_leaf", "jt_middle", "jt_outer", "main");

  /**
   * The frames a trace's stack starts with: own_getppid, always inlined into jt_leaf, prints as
   * {@code own_getppid (inlined)} before it (the DWARF says so), then the callers.
   */
  public static final String INLINED_IN_LEAF = "own_getppid";

  private StacksWorkload() {}

  private static Path module() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** Built -O0 with frame pointers; skips the calling test without gcc. */
  public static Path framePointers() throws IOException, InterruptedException {
    return build("stacks-fp", "-O0", "-fno-omit-frame-pointer");
  }

  /**
   * Built -O0 without frame pointers: only the CFI (.eh_frame) tells the callers, so fp stacks
   * break and DWARF ones must not.
   */
  public static Path noFramePointers() throws IOException, InterruptedException {
    return build("stacks-nofp", "-O0", "-fomit-frame-pointer");
  }

  /**
   * Built -O0 without frame pointers and without .eh_frame: its CFI is only in .debug_frame (what
   * -g keeps when unwind tables are off).
   */
  public static Path withoutUnwindTables() throws IOException, InterruptedException {
    return build(
        "stacks-debugframe",
        "-O0",
        "-fomit-frame-pointer",
        "-fno-asynchronous-unwind-tables",
        "-fno-unwind-tables");
  }

  private static synchronized Path build(String name, String... flags)
      throws IOException, InterruptedException {
    Path bin = DIR.resolve(name);
    if (Files.isExecutable(bin)
        && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
      return bin;
    }
    Files.createDirectories(DIR);
    List<String> cmd = new ArrayList<>(List.of("gcc", "-g", "-Wall", "-Werror"));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-Wl,--build-id", "-o", bin.toString(), SOURCE.toString()));
    run(cmd, "gcc");
    return bin;
  }

  /** Runs a tool; skips the test when it is missing or fails. */
  public static String run(List<String> cmd, String tool) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no " + tool + " here: " + e.getMessage());
      throw e;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assumeTrue(
        p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
        tool + " failed: " + String.join(" ", cmd) + ": " + out);
    return out;
  }
}
