package dev.jtrace.dwarf;

import dev.jtrace.symbols.StacksWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inlining workload (src/test/c/inline.c) built with gcc -O2 -g into target/c once per run: at
 * its getppid, il_inner and il_outer are inlined into il_leaf, which il_caller calls from main.
 */
public final class InlineWorkload {
  private static final Path SOURCE = module().resolve("src/test/c/inline.c");
  private static final Path DIR = module().resolve("target/c");

  /** The frames at the syscall, innermost first: the inlined ones, then the real callers. */
  public static final List<String> INLINED = List.of("il_inner", "il_outer");

  public static final List<String> CALLERS = List.of("il_leaf", "il_caller", "main");

  private InlineWorkload() {}

  private static Path module() {
    return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  }

  /** -O2 -g (DWARF 5) with frame pointers; skips the calling test without gcc. */
  public static Path framePointers() throws IOException, InterruptedException {
    return build("inline-fp", "-g", "-fno-omit-frame-pointer");
  }

  /** -O2 -g (DWARF 5) without frame pointers. */
  public static Path noFramePointers() throws IOException, InterruptedException {
    return build("inline-nofp", "-g", "-fomit-frame-pointer");
  }

  /** -O2 -gdwarf-4 with frame pointers (.debug_ranges, no indexed forms). */
  public static Path dwarf4() throws IOException, InterruptedException {
    return build("inline-dwarf4", "-gdwarf-4", "-fno-omit-frame-pointer");
  }

  private static synchronized Path build(String name, String... flags)
      throws IOException, InterruptedException {
    Path bin = DIR.resolve(name);
    if (Files.isExecutable(bin)
        && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
      return bin;
    }
    Files.createDirectories(DIR);
    List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Werror"));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-Wl,--build-id", "-o", bin.toString(), SOURCE.toString()));
    StacksWorkload.run(cmd, "gcc");
    return bin;
  }
}
