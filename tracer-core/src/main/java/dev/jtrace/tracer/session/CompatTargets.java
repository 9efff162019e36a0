package dev.jtrace.tracer.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Whether a trace's targets include a 32-bit program (x86_64's ia32 tasks), told by the ELF class
 * of the command's executable (found as execvp finds it) or of a target task's {@code
 * /proc/TID/exe}. The kernel fires no syscall's own tracepoint for a compat call, so such a trace
 * needs a capture on the raw syscall tracepoints. A script whose interpreter is 32-bit is not told.
 */
final class CompatTargets {
  private static final int EI_CLASS = 4;
  private static final int ELFCLASS32 = 1;

  private CompatTargets() {}

  static boolean any(List<String> command, Collection<Integer> tids) {
    if (command != null && !command.isEmpty()) {
      Path exe = executable(command.getFirst());
      if (exe != null && elf32(exe)) {
        return true;
      }
    }
    for (int tid : tids) {
      if (elf32(Path.of("/proc", Integer.toString(tid), "exe"))) {
        return true;
      }
    }
    return false;
  }

  /** The file a name runs: itself when it has a slash, else the first executable on PATH. */
  static Path executable(String name) {
    if (name.contains("/")) {
      return Path.of(name);
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the file is a 32-bit ELF (unreadable or not ELF: no). */
  static boolean elf32(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] ident = in.readNBytes(EI_CLASS + 1);
      return ident.length == EI_CLASS + 1
          && ident[0] == 0x7f
          && ident[1] == 'E'
          && ident[2] == 'L'
          && ident[3] == 'F'
          && ident[EI_CLASS] == ELFCLASS32;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
