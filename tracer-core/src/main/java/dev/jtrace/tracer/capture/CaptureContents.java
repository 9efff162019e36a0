package dev.jtrace.tracer.capture;

import dev.jtrace.beauty.SyscallBeautifier;
import dev.jtrace.beauty.SyscallSignature;
import dev.jtrace.beauty.content.ContentKind;
import dev.jtrace.beauty.content.ContentSpec;
import dev.jtrace.tracer.select.SyscallSelection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the paired capture copies per syscall, from the signatures, until the generated per-arch
 * content descriptors ({@code SyscallContents}) are wired in: every argument the beautifier prints
 * as a string (paths, names), and the plain buffers of the calls that pass bytes, read back up to
 * the return value and written up to the count.
 */
public final class CaptureContents {
  private CaptureContents() {}

  /** Buffers read into: the bytes returned. */
  private static final List<String> READS = List.of("read", "pread64", "recvfrom");

  /** Buffers written from: the count given. */
  private static final List<String> WRITES = List.of("write", "pwrite64", "sendto");

  /**
   * Per syscall number, its contents (only the syscalls that have any).
   *
   * @param selection the printed syscalls, or null for every one
   */
  public static Map<Integer, List<ContentSpec>> of(
      SyscallBeautifier beautifier, SyscallSelection.Selection selection) {
    Map<Integer, List<ContentSpec>> out = new HashMap<>();
    for (int nr : beautifier.numbers()) {
      SyscallSignature sig = beautifier.signature(nr);
      if (sig == null || (selection != null && !selection.contains(nr))) {
        continue;
      }
      List<ContentSpec> specs = new ArrayList<>();
      for (int i = 0; i < sig.args().size() && i < 6; i++) {
        if (sig.args().get(i).printsUserString()) {
          specs.add(ContentSpec.builder(i, ContentKind.STRING).build());
        }
      }
      String name = sig.name();
      if (READS.contains(name)) {
        specs.add(ContentSpec.builder(1, ContentKind.BYTES).lengthFromReturn().build());
      } else if (WRITES.contains(name)) {
        specs.add(ContentSpec.builder(1, ContentKind.BYTES).lengthFromArg(2).build());
      }
      if (!specs.isEmpty()) {
        out.put(nr, List.copyOf(specs));
      }
    }
    return out;
  }
}
