package dev.jtrace.perfdata;

import dev.jtrace.perfdata.write.PerfDataWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Lets tests in other packages write the synthetic aarch64 trace. */
public final class SyntheticTraceAccess {
  /**
   * openat(AT_FDCWD, …) = 3, getpid() = 4242, close(3) = 0, openat = -ENOENT, with arm64 numbers.
   */
  public void writeArm64(Path file) throws IOException {
    new SyntheticTrace()
        .write(
            file,
            PerfDataWriter.Options.FILE,
            "aarch64",
            List.of(
                new SyntheticTrace.Call(56, new long[] {-100, 0x7ffd0000L, 0x80000, 0, 0, 0}, 3),
                new SyntheticTrace.Call(172, new long[0], SyntheticTrace.PID),
                new SyntheticTrace.Call(57, new long[] {3}, 0),
                new SyntheticTrace.Call(56, new long[] {-100, 0x7ffd0040L, 0, 0, 0, 0}, -2)));
  }

  /** One x86_64 call of number nr returning ret (any number, as a damaged file may hold). */
  public void writeOneCall(Path file, int nr, long ret) throws IOException {
    new SyntheticTrace()
        .write(
            file,
            PerfDataWriter.Options.FILE,
            "x86_64",
            List.of(new SyntheticTrace.Call(nr, new long[0], ret)));
  }
}
